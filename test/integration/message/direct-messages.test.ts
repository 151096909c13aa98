/** Direct messages: one conversation per pair, created on the first message, closed to people who are blocked. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { command, connectChat, eventually, inbox, type ChatSocket } from '../../support/chat-client.ts';
import { callEdge } from '../../support/edge-client.ts';
import { roomCall } from '../../support/rooms.ts';
import type { MessageView } from '../../../services/message/src/socket/chat-events.ts';

interface Conversation {
  id: string;
  kind: string;
  peerId: string;
  unreadCount: number;
}

const dms = <T = Record<string, unknown>>(user: SignedInUser, method: string, path: string, json?: unknown) =>
  callEdge<T>(method, `/api/dms${path}`, { token: user.accessToken, ...(json === undefined ? {} : { json }) });

describe('direct messages', () => {
  let alice: SignedInUser;
  let bob: SignedInUser;
  let aliceSocket: ChatSocket;
  let bobSocket: ChatSocket;

  before(async () => {
    [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    [aliceSocket, bobSocket] = await Promise.all([connectChat(alice.accessToken), connectChat(bob.accessToken)]);
  });

  after(() => {
    aliceSocket?.close();
    bobSocket?.close();
  });

  it('the first message creates the conversation; it reaches the other person live, and both list it', async () => {
    const bobReceived = inbox(bobSocket);
    const first = await command(aliceSocket, 'dm:send', { userId: bob.userId, clientMsgId: randomUUID(), body: 'hi Bob, just us' });
    assert.ok(first.ok, JSON.stringify(first));
    await eventually(() => bobReceived.some((message) => message.id === first.data.id), 'Bob to receive the direct message on his open socket');

    const second = await command(aliceSocket, 'dm:send', { userId: bob.userId, clientMsgId: randomUUID(), body: 'same conversation' });
    assert.ok(second.ok);
    assert.equal(second.data.roomId, first.data.roomId, 'one conversation per pair');

    const bobsList = await dms<{ conversations: Conversation[] }>(bob, 'GET', '');
    const conversation = bobsList.body.conversations.find((entry) => entry.id === first.data.roomId);
    assert.deepEqual({ kind: conversation?.kind, peer: conversation?.peerId, unread: conversation?.unreadCount }, { kind: 'direct', peer: alice.userId, unread: 2 });

    const reply = await command(bobSocket, 'message:send', { roomId: first.data.roomId, clientMsgId: randomUUID(), body: 'hello Alice' });
    assert.ok(reply.ok, 'the conversation is a room: the ordinary send works');
    const history = await roomCall<{ messages: MessageView[] }>(alice, 'GET', `/${first.data.roomId}/messages`);
    assert.deepEqual(history.body.messages.map((message) => message.body), ['hello Alice', 'same conversation', 'hi Bob, just us']);
  });

  it('opening the same pair many times at once, from both sides, gives exactly one conversation', async () => {
    const [carol, dave] = await Promise.all([signUp('Carol'), signUp('Dave')]);
    const opens = await Promise.all(Array.from({ length: 8 }, (_, index) => (index % 2 ? dms<Conversation>(carol, 'POST', '', { userId: dave.userId }) : dms<Conversation>(dave, 'POST', '', { userId: carol.userId }))));
    assert.deepEqual([...new Set(opens.map((open) => open.status))].sort(), [200, 201]);
    assert.equal(opens.filter((open) => open.status === 201).length, 1, 'exactly one open created it');
    assert.equal(new Set(opens.map((open) => open.body.id)).size, 1, 'every open got the same conversation');
  });

  it('a blocked person cannot message the blocker, from their very next send; unblocking restores it', async () => {
    const opened = await dms<Conversation>(alice, 'POST', '', { userId: bob.userId });
    const roomId = opened.body.id;
    assert.ok((await command(bobSocket, 'message:send', { roomId, clientMsgId: randomUUID(), body: 'before the block' })).ok);

    assert.equal((await dms(alice, 'POST', '/blocks', { userId: bob.userId })).status, 204);
    const inRoom = await command(bobSocket, 'message:send', { roomId, clientMsgId: randomUUID(), body: 'after the block' });
    assert.equal(inRoom.ok ? 'ok' : inRoom.error.code, 'DM_BLOCKED');
    const viaDm = await command(bobSocket, 'dm:send', { userId: alice.userId, clientMsgId: randomUUID(), body: 'let me in' });
    assert.equal(viaDm.ok ? 'ok' : viaDm.error.code, 'DM_BLOCKED');
    const open = await dms(bob, 'POST', '', { userId: alice.userId });
    assert.deepEqual({ status: open.status, code: open.body.code }, { status: 403, code: 'DM_BLOCKED' });
    assert.deepEqual((await dms<{ blocks: { userId: string }[] }>(alice, 'GET', '/blocks')).body.blocks.map((block) => block.userId), [bob.userId]);

    assert.equal((await dms(alice, 'DELETE', `/blocks/${bob.userId}`)).status, 204);
    assert.equal((await dms(alice, 'DELETE', `/blocks/${bob.userId}`)).body.code, 'BLOCK_NOT_FOUND');
    assert.ok((await command(bobSocket, 'message:send', { roomId, clientMsgId: randomUUID(), body: 'friends again' })).ok);
  });

  it('a conversation with yourself, leaving a conversation and joining one are refused', async () => {
    assert.equal((await dms(alice, 'POST', '', { userId: alice.userId })).body.code, 'DM_SELF');
    const opened = await dms<Conversation>(alice, 'POST', '', { userId: bob.userId });
    assert.equal((await roomCall(alice, 'POST', `/${opened.body.id}/leave`)).body.code, 'DM_NOT_ALLOWED');
    const carol = await signUp('Carol');
    assert.equal((await roomCall(carol, 'POST', `/${opened.body.id}/join`)).status, 403);
    const peek = await roomCall(carol, 'GET', `/${opened.body.id}/messages`);
    assert.equal(peek.body.code, 'ROOM_NOT_MEMBER');
  });
});
