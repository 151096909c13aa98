/**
 * When auth erases an account, chat erases its part: the person's words become tombstones, their
 * reactions and memberships go, and a room they owned passes to the most senior remaining member.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { signUp } from '../../support/auth-users.ts';
import { command, connectChat, send } from '../../support/chat-client.ts';
import { callEdge } from '../../support/edge-client.ts';
import { createRoom, joinRoom, roomCall } from '../../support/rooms.ts';
import type { MessageView } from '../../../services/message/src/socket/chat-events.ts';

interface Member {
  userId: string;
  role: string;
}

describe('erasure after user.deleted', () => {
  it("tombstones the person's messages, drops their reactions and memberships, and hands over their room", async () => {
    const [leaving, staying, admin] = await Promise.all([signUp('Leaving'), signUp('Staying'), signUp('Admin')]);
    const roomId = (await createRoom(leaving)).id;
    await Promise.all([joinRoom(staying, roomId), joinRoom(admin, roomId)]);
    assert.equal((await roomCall(leaving, 'PATCH', `/${roomId}/members/${admin.userId}`, { role: 'admin' })).status, 204);

    const leavingSocket = await connectChat(leaving.accessToken);
    const stayingSocket = await connectChat(staying.accessToken);
    let ownMessage: MessageView;
    let othersMessage: MessageView;
    try {
      const own = await send(leavingSocket, roomId, 'my personal words');
      const others = await send(stayingSocket, roomId, 'a message that stays');
      assert.ok(own.ok && others.ok);
      [ownMessage, othersMessage] = [own.data, others.data];
      assert.ok((await command(leavingSocket, 'reaction:add', { roomId, messageId: othersMessage.id, emoji: '👍' })).ok);
      const dm = await command(leavingSocket, 'dm:send', { userId: staying.userId, clientMsgId: randomUUID(), body: 'a private word' });
      assert.ok(dm.ok);

      assert.equal((await callEdge('DELETE', '/api/auth/me', { token: leaving.accessToken })).status, 204);

      const historyOf = async (id: string) => (await roomCall<{ messages: MessageView[] }>(staying, 'GET', `/${id}/messages`)).body.messages;
      const deadline = Date.now() + 20_000;
      for (;;) {
        const messages = await historyOf(roomId);
        const erased = messages.find((message) => message.id === ownMessage.id);
        if (erased?.deleted) break;
        if (Date.now() > deadline) throw new Error('the erased user\'s message was not tombstoned within 20 s');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const messages = await historyOf(roomId);
      const erased = messages.find((message) => message.id === ownMessage.id);
      assert.deepEqual({ body: erased?.body, deleted: erased?.deleted }, { body: '', deleted: true });
      const kept = messages.find((message) => message.id === othersMessage.id);
      assert.equal(kept?.body, 'a message that stays');
      assert.deepEqual(kept?.reactions, [], "the erased user's reaction is gone");

      const dmHistory = await historyOf(dm.data.roomId);
      assert.deepEqual(dmHistory.map((message) => ({ body: message.body, deleted: message.deleted })), [{ body: '', deleted: true }]);

      const members = (await roomCall<{ members: Member[] }>(staying, 'GET', `/${roomId}/members`)).body.members;
      assert.deepEqual(
        members.map((member) => ({ userId: member.userId, role: member.role })).sort((a, b) => a.userId.localeCompare(b.userId)),
        [
          { userId: admin.userId, role: 'owner' },
          { userId: staying.userId, role: 'member' },
        ].sort((a, b) => a.userId.localeCompare(b.userId)),
        'the admin became owner and the erased user is no member',
      );
    } finally {
      leavingSocket.close();
      stayingSocket.close();
    }
  });
});
