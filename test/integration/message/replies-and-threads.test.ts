/** A reply names its parent; the parent's thread lists its replies in order, and history shows the reply count. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { command, connectChat, send, type ChatSocket } from '../../support/chat-client.ts';
import { createRoom, joinRoom, roomCall } from '../../support/rooms.ts';
import type { AckResponse, MessageView, ThreadPage } from '../../../services/message/src/socket/chat-events.ts';

describe('replies and threads', () => {
  let alice: SignedInUser;
  let bob: SignedInUser;
  let aliceSocket: ChatSocket;
  let bobSocket: ChatSocket;
  let roomId: string;

  before(async () => {
    [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    roomId = (await createRoom(alice)).id;
    await joinRoom(bob, roomId);
    [aliceSocket, bobSocket] = await Promise.all([connectChat(alice.accessToken), connectChat(bob.accessToken)]);
  });

  after(() => {
    aliceSocket?.close();
    bobSocket?.close();
  });

  it('replies appear in the thread oldest first, page on, and the parent counts them', async () => {
    const parent = await send(aliceSocket, roomId, 'what shall we build?');
    assert.ok(parent.ok);
    const replies: MessageView[] = [];
    for (const [socket, body] of [[bobSocket, 'a chat app'], [aliceSocket, 'with threads'], [bobSocket, 'and reactions']] as const) {
      const reply: AckResponse<MessageView> = await command(socket, 'message:send', { roomId, clientMsgId: randomUUID(), body, replyTo: parent.data.id });
      assert.ok(reply.ok, JSON.stringify(reply));
      assert.equal(reply.data.replyTo, parent.data.id);
      replies.push(reply.data);
    }

    const firstPage = await command(bobSocket, 'thread:history', { roomId, messageId: parent.data.id, limit: 2 });
    assert.ok(firstPage.ok, JSON.stringify(firstPage));
    assert.equal(firstPage.data.parent.id, parent.data.id);
    assert.equal(firstPage.data.parent.replyCount, 3);
    assert.deepEqual(firstPage.data.replies.map((reply) => reply.body), ['a chat app', 'with threads']);
    assert.equal(firstPage.data.hasMore, true);

    const rest = await roomCall<ThreadPage>(alice, 'GET', `/${roomId}/messages/${parent.data.id}/thread?after=${firstPage.data.replies[1]!.id}`);
    assert.equal(rest.status, 200);
    assert.deepEqual(rest.body.replies.map((reply) => reply.id), [replies[2]!.id]);
    assert.equal(rest.body.hasMore, false);

    const history = await roomCall<{ messages: MessageView[] }>(bob, 'GET', `/${roomId}/messages`);
    assert.equal(history.body.messages.find((message) => message.id === parent.data.id)?.replyCount, 3);
    assert.equal(history.body.messages.find((message) => message.id === replies[0]!.id)?.replyCount, 0);
  });

  it('a deleted reply stays in the thread as a tombstone', async () => {
    const parent = await send(aliceSocket, roomId, 'thread with a regret');
    assert.ok(parent.ok);
    const reply = await command(bobSocket, 'message:send', { roomId, clientMsgId: randomUUID(), body: 'oops', replyTo: parent.data.id });
    assert.ok(reply.ok);
    assert.ok((await command(bobSocket, 'message:delete', { roomId, messageId: reply.data.id })).ok);
    const thread = await command(aliceSocket, 'thread:history', { roomId, messageId: parent.data.id });
    assert.ok(thread.ok);
    assert.deepEqual(thread.data.replies.map((entry) => ({ id: entry.id, deleted: entry.deleted, body: entry.body })), [{ id: reply.data.id, deleted: true, body: '' }]);
  });

  it('a reply to a message of another room, or a thread of an unknown message, is refused', async () => {
    const elsewhere = (await createRoom(alice)).id;
    const foreign = await send(aliceSocket, elsewhere, 'other room');
    assert.ok(foreign.ok);
    const reply = await command(bobSocket, 'message:send', { roomId, clientMsgId: randomUUID(), body: 'cross-room', replyTo: foreign.data.id });
    assert.equal(reply.ok ? 'ok' : reply.error.code, 'MESSAGE_NOT_FOUND');
    const thread = await command(bobSocket, 'thread:history', { roomId: elsewhere, messageId: foreign.data.id });
    assert.equal(thread.ok ? 'ok' : thread.error.code, 'ROOM_NOT_MEMBER', 'threads are members only');
  });
});
