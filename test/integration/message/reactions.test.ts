/** Reactions: one per person per emoji per message, counted, named, live, and refused to people who left. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { collect, command, connectChat, eventually, send, type ChatSocket } from '../../support/chat-client.ts';
import { createRoom, joinRoom, roomCall } from '../../support/rooms.ts';
import type { MessageView, ReactionChange } from '../../../services/message/src/socket/chat-events.ts';

describe('reactions', () => {
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

  it('adding twice counts once, two people count twice, the room sees each change live, and history shows who', async () => {
    const live = collect(aliceSocket, 'reaction:updated');
    const sent = await send(aliceSocket, roomId, 'react to me');
    assert.ok(sent.ok);
    const ref = { roomId, messageId: sent.data.id, emoji: '👍🏽' };
    const first = await command(bobSocket, 'reaction:add', ref);
    const again = await command(bobSocket, 'reaction:add', ref);
    assert.ok(first.ok && again.ok);
    assert.deepEqual(again.data.reaction, { emoji: '👍🏽', count: 1, userIds: [bob.userId] });
    const byAlice = await command(aliceSocket, 'reaction:add', ref);
    assert.ok(byAlice.ok);
    assert.equal(byAlice.data.reaction.count, 2);
    await eventually(() => live.some((change) => change.userId === bob.userId && change.reaction.count === 1), "Alice to see Bob's reaction live");
    assert.equal(live.filter((change) => change.userId === bob.userId && change.added).length, 1, 'a repeated add is not news');

    const history = await roomCall<{ messages: MessageView[] }>(bob, 'GET', `/${roomId}/messages`);
    const reactions = history.body.messages.find((message) => message.id === sent.data.id)?.reactions;
    assert.deepEqual(reactions?.map((reaction) => ({ emoji: reaction.emoji, count: reaction.count, who: [...reaction.userIds].sort() })), [{ emoji: '👍🏽', count: 2, who: [alice.userId, bob.userId].sort() }]);
  });

  it('removing is idempotent too, and works over REST with the emoji in the path', async () => {
    const sent = await send(aliceSocket, roomId, 'remove me');
    assert.ok(sent.ok);
    const path = `/${roomId}/messages/${sent.data.id}/reactions/${encodeURIComponent('🎉')}`;
    assert.equal((await roomCall<ReactionChange>(bob, 'PUT', path)).body.reaction.count, 1);
    const removed = await roomCall<ReactionChange>(bob, 'DELETE', path);
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.body.reaction, { emoji: '🎉', count: 0, userIds: [] });
    assert.equal((await roomCall<ReactionChange>(bob, 'DELETE', path)).status, 200, 'removing again is fine');
  });

  it('text instead of an emoji, a room you left, and a deleted message are refused', async () => {
    const sent = await send(aliceSocket, roomId, 'guarded');
    assert.ok(sent.ok);
    const text = await command(bobSocket, 'reaction:add', { roomId, messageId: sent.data.id, emoji: 'lol' });
    assert.equal(text.ok ? 'ok' : text.error.code, 'REACTION_INVALID');

    const carol = await signUp('Carol');
    await joinRoom(carol, roomId);
    const carolSocket = await connectChat(carol.accessToken);
    try {
      assert.equal((await roomCall(carol, 'POST', `/${roomId}/leave`)).status, 204);
      const afterLeaving = await command(carolSocket, 'reaction:add', { roomId, messageId: sent.data.id, emoji: '👋' });
      assert.equal(afterLeaving.ok ? 'ok' : afterLeaving.error.code, 'ROOM_NOT_MEMBER');
    } finally {
      carolSocket.close();
    }

    assert.ok((await command(aliceSocket, 'message:delete', { roomId, messageId: sent.data.id })).ok);
    const onDeleted = await command(bobSocket, 'reaction:add', { roomId, messageId: sent.data.id, emoji: '👍' });
    assert.equal(onDeleted.ok ? 'ok' : onDeleted.error.code, 'MESSAGE_DELETED');
  });
});
