/** History pages by cursor, back and forward, across the (room, time bucket) partitions. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { credentials } from '../../support/stack.ts';
import { withCassandra } from '../../support/clients.ts';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { createRoom, roomCall } from '../../support/rooms.ts';
import { messagesKeyspace } from '../../../mesh/src/stores/cassandra.ts';
import type { MessageView } from '../../../services/message/src/socket/chat-events.ts';

/** The launcher starts message with 10 s buckets (mesh/src/services/message-service.ts). */
const bucketMs = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('history pagination', () => {
  let owner: SignedInUser;
  let roomId: string;
  const sentIds: string[] = [];

  const post = async (body: string) => {
    const reply = await roomCall<MessageView>(owner, 'POST', `/${roomId}/messages`, { clientMsgId: `h-${sentIds.length}`, body });
    assert.equal(reply.status, 201, reply.text);
    sentIds.push(reply.body.id);
    return reply.body;
  };

  before(async () => {
    owner = await signUp('Historian');
    roomId = (await createRoom(owner)).id;
    for (let index = 0; index < 5; index++) await post(`first bucket ${index}`);
    // Wait until the clock is in the next bucket, then write more.
    const firstBucket = Math.floor(Date.parse((await post('first bucket 5')).createdAt) / bucketMs);
    while (Math.floor(Date.now() / bucketMs) === firstBucket) await sleep(100);
    for (let index = 0; index < 6; index++) await post(`second bucket ${index}`);
  });

  const page = (query: string) => roomCall<{ messages: MessageView[]; hasMore: boolean }>(owner, 'GET', `/${roomId}/messages?${query}`);

  it('the messages really span two partitions', async () => {
    const cassandra = credentials().cassandra;
    const buckets = await withCassandra(cassandra.message, 'message', async (client) => {
      const result = await client.execute(`SELECT bucket FROM ${messagesKeyspace}.room_buckets WHERE room_id = ?`, [roomId], { prepare: true });
      return result.rows.map((row) => Number(row.get('bucket')));
    });
    assert.equal(buckets.length, 2);
  });

  it('paging back with `before` returns every message once, newest first, across the boundary', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const reply = await page(`limit=4${cursor ? `&before=${cursor}` : ''}`);
      assert.equal(reply.status, 200);
      seen.push(...reply.body.messages.map((message) => message.id));
      if (!reply.body.hasMore) break;
      cursor = reply.body.messages.at(-1)!.id;
    }
    assert.deepEqual(seen, [...sentIds].reverse());
  });

  it('catching up with `after` returns what came later, oldest first, across the boundary', async () => {
    const seen: string[] = [];
    let cursor = sentIds[2]!;
    for (;;) {
      const reply = await page(`limit=3&after=${cursor}`);
      seen.push(...reply.body.messages.map((message) => message.id));
      if (!reply.body.hasMore) break;
      cursor = reply.body.messages.at(-1)!.id;
    }
    assert.deepEqual(seen, sentIds.slice(3));
  });

  it('a page holds at most 100 messages, and bad cursors and limits are refused', async () => {
    assert.equal((await page('limit=101')).status, 400);
    assert.equal((await page('limit=0')).status, 400);
    const badCursor = await page('before=not-an-id');
    assert.equal(badCursor.status, 400);
    assert.equal((badCursor.body as unknown as { code: string }).code, 'MESSAGE_CURSOR_INVALID');
  });
});
