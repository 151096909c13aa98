/** A retried send (same clientMsgId) stores and delivers exactly one message. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { connectChat, inbox, send, type ChatSocket } from '../../support/chat-client.ts';
import { createRoom, joinRoom, roomCall } from '../../support/rooms.ts';
import type { MessageView } from '../../../services/message/src/socket/chat-events.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('duplicate clientMsgId', () => {
  let sender: SignedInUser;
  let reader: SignedInUser;
  let senderSocket: ChatSocket;
  let readerSocket: ChatSocket;
  let roomId: string;

  before(async () => {
    [sender, reader] = await Promise.all([signUp('Retrier'), signUp('Reader')]);
    roomId = (await createRoom(sender)).id;
    await joinRoom(reader, roomId);
    [senderSocket, readerSocket] = await Promise.all([connectChat(sender.accessToken), connectChat(reader.accessToken)]);
  });
  after(() => {
    senderSocket?.close();
    readerSocket?.close();
  });

  it('sent twice in a row, and three times at once, gives one stored message each, delivered once', async () => {
    const received = inbox(readerSocket);
    const sequentialId = randomUUID();
    const first = await send(senderSocket, roomId, 'once', sequentialId);
    const again = await send(senderSocket, roomId, 'once', sequentialId);
    assert.ok(first.ok && again.ok);
    assert.equal(again.data.id, first.data.id);

    const concurrentId = randomUUID();
    const racing = await Promise.all([0, 1, 2].map(() => send(senderSocket, roomId, 'racing', concurrentId)));
    assert.ok(racing.every((reply) => reply.ok));
    const ids = new Set(racing.map((reply) => (reply.ok ? reply.data.id : '')));
    assert.equal(ids.size, 1, 'all three acknowledgements name the same message');

    await sleep(500);
    assert.equal(received.filter((message) => message.id === first.data.id).length, 1);
    assert.equal(received.filter((message) => ids.has(message.id)).length, 1);
    const history = await roomCall<{ messages: MessageView[] }>(sender, 'GET', `/${roomId}/messages`);
    assert.deepEqual(history.body.messages.map((message) => message.body), ['racing', 'once']);
  });

  it('the same clientMsgId in another room is refused rather than mixed up', async () => {
    const otherRoom = (await createRoom(sender)).id;
    const clientMsgId = randomUUID();
    assert.ok((await send(senderSocket, roomId, 'here', clientMsgId)).ok);
    const reused = await send(senderSocket, otherRoom, 'there', clientMsgId);
    assert.equal(reused.ok, false);
    assert.equal(!reused.ok && reused.error.code, 'MESSAGE_CLIENT_ID_REUSED');
  });
});
