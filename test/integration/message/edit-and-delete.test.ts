/** Authors edit their messages; authors and moderators delete, leaving a tombstone whose words are gone from the store. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { collect, command, connectChat, eventually, send, type ChatSocket } from '../../support/chat-client.ts';
import { withCassandra } from '../../support/clients.ts';
import { readEvents } from '../../support/kafka-events.ts';
import { createRoom, joinRoom, roomCall } from '../../support/rooms.ts';
import { credentials } from '../../support/stack.ts';
import { messagesKeyspace } from '../../../mesh/src/stores/cassandra.ts';
import type { MessageView } from '../../../services/message/src/socket/chat-events.ts';

describe('editing and deleting messages', () => {
  let owner: SignedInUser;
  let author: SignedInUser;
  let other: SignedInUser;
  let authorSocket: ChatSocket;
  let otherSocket: ChatSocket;
  let roomId: string;

  before(async () => {
    [owner, author, other] = await Promise.all([signUp('Owner'), signUp('Author'), signUp('Other')]);
    roomId = (await createRoom(owner)).id;
    await Promise.all([joinRoom(author, roomId), joinRoom(other, roomId)]);
    [authorSocket, otherSocket] = await Promise.all([connectChat(author.accessToken), connectChat(other.accessToken)]);
  });

  after(() => {
    authorSocket?.close();
    otherSocket?.close();
  });

  it('the author edits: the room sees it live, history keeps editedAt, and message.updated is published', async () => {
    const since = Date.now();
    const updates = collect(otherSocket, 'message:updated');
    const sent = await send(authorSocket, roomId, 'first draft');
    assert.ok(sent.ok);
    const edited = await command(authorSocket, 'message:edit', { roomId, messageId: sent.data.id, body: 'final words' });
    assert.ok(edited.ok, JSON.stringify(edited));
    assert.equal(edited.data.body, 'final words');
    assert.ok(edited.data.editedAt && Date.parse(edited.data.editedAt) >= Date.parse(sent.data.createdAt));
    await eventually(() => updates.some((message) => message.id === sent.data.id && message.body === 'final words'), 'the other member to see the edit');

    const history = await roomCall<{ messages: MessageView[] }>(other, 'GET', `/${roomId}/messages`);
    const stored = history.body.messages.find((message) => message.id === sent.data.id);
    assert.equal(stored?.body, 'final words');
    assert.equal(stored?.editedAt, edited.data.editedAt);

    const events = await readEvents('message.updated', since, (event) => (event.data as { messageId: string }).messageId === sent.data.id, 15_000, 'operator');
    assert.equal((events[0]!.data as { body: string }).body, 'final words');
  });

  it("nobody edits someone else's message, over the socket or REST", async () => {
    const sent = await send(authorSocket, roomId, 'mine');
    assert.ok(sent.ok);
    const bySocket = await command(otherSocket, 'message:edit', { roomId, messageId: sent.data.id, body: 'hijacked' });
    assert.equal(bySocket.ok ? 'ok' : bySocket.error.code, 'MESSAGE_NOT_AUTHOR');
    const byRest = await roomCall(owner, 'PATCH', `/${roomId}/messages/${sent.data.id}`, { body: 'hijacked' });
    assert.equal(byRest.status, 403);
    assert.equal(byRest.body.code, 'MESSAGE_NOT_AUTHOR');
  });

  it("a member cannot delete someone else's message; the owner (a moderator and above) can", async () => {
    const sent = await send(authorSocket, roomId, 'moderate me');
    assert.ok(sent.ok);
    const byMember = await command(otherSocket, 'message:delete', { roomId, messageId: sent.data.id });
    assert.equal(byMember.ok ? 'ok' : byMember.error.code, 'ROOM_FORBIDDEN');
    const byOwner = await roomCall(owner, 'DELETE', `/${roomId}/messages/${sent.data.id}`);
    assert.equal(byOwner.status, 204);
  });

  it('deleting leaves a tombstone live and in history, the body is gone from Cassandra, and message.deleted is published', async () => {
    const since = Date.now();
    const deletions = collect(otherSocket, 'message:deleted');
    const sent = await send(authorSocket, roomId, 'regrettable words');
    assert.ok(sent.ok);
    const deleted = await command(authorSocket, 'message:delete', { roomId, messageId: sent.data.id });
    assert.ok(deleted.ok, JSON.stringify(deleted));
    await eventually(() => deletions.some((event) => event.messageId === sent.data.id), 'the other member to see the deletion');

    const history = await roomCall<{ messages: MessageView[] }>(other, 'GET', `/${roomId}/messages`);
    const tombstone = history.body.messages.find((message) => message.id === sent.data.id);
    assert.deepEqual({ deleted: tombstone?.deleted, body: tombstone?.body }, { deleted: true, body: '' });

    const row = await withCassandra(credentials().cassandra.message, 'message', async (client) => {
      const buckets = await client.execute(`SELECT bucket FROM ${messagesKeyspace}.room_buckets WHERE room_id = ?`, [roomId], { prepare: true });
      const result = await client.execute(`SELECT body, deleted_at FROM ${messagesKeyspace}.messages WHERE room_id = ? AND bucket IN ? AND id = ?`, [roomId, buckets.rows.map((bucket) => bucket.get('bucket') as number), sent.data.id], {
        prepare: true,
      });
      return result.rows[0];
    });
    assert.equal(row?.get('body'), null, 'the body is gone from the store');
    assert.ok(row?.get('deleted_at'));

    const again = await command(authorSocket, 'message:delete', { roomId, messageId: sent.data.id });
    assert.ok(again.ok, 'deleting twice is harmless');
    const edit = await command(authorSocket, 'message:edit', { roomId, messageId: sent.data.id, body: 'resurrected' });
    assert.equal(edit.ok ? 'ok' : edit.error.code, 'MESSAGE_DELETED');

    await readEvents('message.deleted', since, (event) => (event.data as { messageId: string }).messageId === sent.data.id, 15_000, 'operator');
  });

  it('an unknown message id or a malformed edit gets a stable error', async () => {
    const unknown = await command(authorSocket, 'message:edit', { roomId, messageId: '01890a5d-ac96-774b-bcce-b302099a8057', body: 'x' });
    assert.equal(unknown.ok ? 'ok' : unknown.error.code, 'MESSAGE_NOT_FOUND');
    const malformed = await command(authorSocket, 'message:edit', { roomId, messageId: 'nope', body: 42 } as never);
    assert.equal(malformed.ok ? 'ok' : malformed.error.code, 'COMMON_VALIDATION_FAILED');
  });
});
