/** Two people chat through the edge: each sees the other's message live, with the id it was stored under. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { connectChat, eventually, inbox, send, type ChatSocket } from '../../support/chat-client.ts';
import { createRoom, joinRoom, roomCall } from '../../support/rooms.ts';
import type { MessageView } from '../../../services/message/src/socket/chat-events.ts';

describe('two users chat in a room', () => {
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

  it('each sees the other\'s message live, with the stored id, and history has both in order', async () => {
    const aliceReceived = inbox(aliceSocket);
    const bobReceived = inbox(bobSocket);

    const fromAlice = await send(aliceSocket, roomId, 'Hi Bob! **bold** stays as text');
    assert.ok(fromAlice.ok, JSON.stringify(fromAlice));
    assert.match(fromAlice.data.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/, 'a UUIDv7 id');
    assert.equal(fromAlice.data.authorId, alice.userId);
    assert.equal(fromAlice.data.body, 'Hi Bob! **bold** stays as text');
    await eventually(() => bobReceived.some((message) => message.id === fromAlice.data.id), 'Bob to receive Alice\'s message');

    const fromBob = await send(bobSocket, roomId, 'Hello Alice');
    assert.ok(fromBob.ok);
    await eventually(() => aliceReceived.some((message) => message.id === fromBob.data.id), 'Alice to receive Bob\'s message');
    assert.deepEqual(aliceReceived.find((message) => message.id === fromBob.data.id), fromBob.data, 'the live copy is the stored message');

    const history = await roomCall<{ messages: MessageView[]; hasMore: boolean }>(alice, 'GET', `/${roomId}/messages?limit=10`);
    assert.equal(history.status, 200);
    assert.deepEqual(history.body.messages.map((message) => message.id), [fromBob.data.id, fromAlice.data.id], 'newest first');
    assert.equal(history.body.hasMore, false);
  });

  it('a message sent over REST reaches the sockets too', async () => {
    const bobReceived = inbox(bobSocket);
    const reply = await roomCall<MessageView>(alice, 'POST', `/${roomId}/messages`, { clientMsgId: 'rest-1', body: 'from the REST door' });
    assert.equal(reply.status, 201);
    await eventually(() => bobReceived.some((message) => message.id === reply.body.id), 'Bob to receive the REST message');
  });

  it('a member who joins later receives new messages on an already open socket', async () => {
    const carol = await signUp('Carol');
    const carolSocket = await connectChat(carol.accessToken);
    try {
      const carolReceived = inbox(carolSocket);
      await joinRoom(carol, roomId);
      const sent = await send(aliceSocket, roomId, 'welcome Carol');
      assert.ok(sent.ok);
      await eventually(() => carolReceived.some((message) => message.id === sent.data.id), 'Carol to receive the message after joining');
    } finally {
      carolSocket.close();
    }
  });
});
