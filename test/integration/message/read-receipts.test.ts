/** Read pointers: the room sees receipts live, and unread counts are right on every device and after a reconnect. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { collect, command, connectChat, eventually, send, type ChatSocket } from '../../support/chat-client.ts';
import { createRoom, joinRoom, roomCall } from '../../support/rooms.ts';
import type { MessageView } from '../../../services/message/src/socket/chat-events.ts';

interface MyRoom {
  id: string;
  unreadCount: number;
  lastReadMessageId: string | null;
}

describe('read receipts and unread counts', () => {
  let alice: SignedInUser;
  let bob: SignedInUser;
  let aliceSocket: ChatSocket;
  let roomId: string;
  const unreadOf = async (user: SignedInUser) => (await roomCall<{ rooms: MyRoom[] }>(user, 'GET', '/mine')).body.rooms.find((room) => room.id === roomId);

  before(async () => {
    [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    roomId = (await createRoom(alice)).id;
    await joinRoom(bob, roomId);
    aliceSocket = await connectChat(alice.accessToken);
  });

  after(() => aliceSocket?.close());

  it("reading on one device updates the room's receipts and the other device's count; a reconnect sees the same count", async () => {
    const bobPhone = await connectChat(bob.accessToken);
    const bobLaptop = await connectChat(bob.accessToken);
    try {
      const receiptsSeenByAlice = collect(aliceSocket, 'read:updated');
      const receiptsSeenByLaptop = collect(bobLaptop, 'read:updated');
      const sent: MessageView[] = [];
      for (const body of ['one', 'two', 'three']) {
        const reply = await send(aliceSocket, roomId, body);
        assert.ok(reply.ok);
        sent.push(reply.data);
      }
      assert.equal((await unreadOf(bob))?.unreadCount, 3);

      const read = await command(bobPhone, 'room:read', { roomId, messageId: sent[1]!.id });
      assert.ok(read.ok, JSON.stringify(read));
      await eventually(() => receiptsSeenByAlice.some((receipt) => receipt.userId === bob.userId && receipt.messageId === sent[1]!.id), 'Alice to see Bob read up to "two"');
      await eventually(() => receiptsSeenByLaptop.some((receipt) => receipt.messageId === sent[1]!.id), "Bob's laptop to learn of the read");

      bobLaptop.close();
      const reconnected = await connectChat(bob.accessToken);
      reconnected.close();
      const mine = await unreadOf(bob);
      assert.deepEqual({ unread: mine?.unreadCount, pointer: mine?.lastReadMessageId }, { unread: 1, pointer: sent[1]!.id });

      // An older receipt (a slow device) never moves the pointer back, and is not announced.
      const before = receiptsSeenByAlice.length;
      assert.ok((await command(bobPhone, 'room:read', { roomId, messageId: sent[0]!.id })).ok);
      assert.equal((await unreadOf(bob))?.unreadCount, 1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(receiptsSeenByAlice.length, before);
    } finally {
      bobPhone.close();
      bobLaptop.close();
    }
  });
});
