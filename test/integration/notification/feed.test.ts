/** The in-app feed: mentions and direct messages, unread counts, mark read, and withdrawal when a message is deleted. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { command, connectChat, send, type ChatSocket } from '../../support/chat-client.ts';
import { notificationCall } from '../../support/notifications.ts';
import { createRoom, joinRoom } from '../../support/rooms.ts';

interface FeedPage {
  items: { id: string; messageId: string; reason: string; preview: string; read: boolean }[];
  unreadCount: number;
  nextCursor: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('in-app notification feed', () => {
  let sender: SignedInUser;
  let reader: SignedInUser;
  let senderSocket: ChatSocket;
  let roomId: string;

  before(async () => {
    [sender, reader] = await Promise.all([signUp('Sender'), signUp('Reader')]);
    roomId = (await createRoom(sender)).id;
    await joinRoom(reader, roomId);
    senderSocket = await connectChat(sender.accessToken);
  });

  after(() => senderSocket?.close());

  const feed = async (query = '') => (await notificationCall<FeedPage>(reader, 'GET', `/feed${query}`)).body;
  async function feedWith(messageIds: string[]): Promise<FeedPage> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const page = await feed('?limit=50');
      if (messageIds.every((id) => page.items.some((item) => item.messageId === id))) return page;
      assert.ok(Date.now() < deadline, `feed items for ${messageIds.join(', ')} did not appear`);
      await sleep(200);
    }
  }

  it('mentions and direct messages reach the feed, newest first, with an unread count; plain messages do not', async () => {
    const plain = await send(senderSocket, roomId, 'nothing special');
    const mention = await send(senderSocket, roomId, `<@${reader.userId}> please review`);
    const direct = await command(senderSocket, 'dm:send', { userId: reader.userId, clientMsgId: randomUUID(), body: 'psst' });
    assert.ok(plain.ok && mention.ok && direct.ok);
    const page = await feedWith([mention.data.id, direct.data.id]);
    assert.deepEqual(page.items.slice(0, 2).map((item) => [item.messageId, item.reason]), [[direct.data.id, 'direct'], [mention.data.id, 'mention']]);
    assert.ok(!page.items.some((item) => item.messageId === plain.data.id));
    assert.equal(page.unreadCount, 2);
    assert.equal(page.items[1]!.preview, `<@${reader.userId}> please review`);

    const paged = await feed('?limit=1');
    assert.equal(paged.items.length, 1);
    const second = await feed(`?limit=1&before=${paged.nextCursor}`);
    assert.equal(second.items[0]!.messageId, mention.data.id);
  });

  it('marking one read, then all, brings the unread count down', async () => {
    const page = await feed();
    assert.equal((await notificationCall(reader, 'POST', `/feed/${page.items[0]!.id}/read`)).status, 204);
    assert.equal((await notificationCall<{ unreadCount: number }>(reader, 'GET', '/feed/unread-count')).body.unreadCount, page.unreadCount - 1);
    assert.equal((await notificationCall(reader, 'POST', '/feed/read-all')).status, 200);
    assert.equal((await feed()).unreadCount, 0);
    assert.equal((await notificationCall(reader, 'POST', `/feed/${randomUUID()}/read`)).body.code, 'FEED_ITEM_NOT_FOUND');
  });

  it('deleting a message withdraws its unread notification', async () => {
    const mention = await send(senderSocket, roomId, `<@${reader.userId}> oops, wrong person`);
    assert.ok(mention.ok);
    await feedWith([mention.data.id]);
    assert.ok((await command(senderSocket, 'message:delete', { roomId, messageId: mention.data.id })).ok);
    const deadline = Date.now() + 15_000;
    while ((await feed('?limit=50')).items.some((item) => item.messageId === mention.data.id)) {
      assert.ok(Date.now() < deadline, 'the notification of the deleted message is still in the feed');
      await sleep(200);
    }
  });
});
