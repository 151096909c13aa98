import type { Queryable } from '@lynk/common/store';

export interface FeedItem {
  id: string;
  roomId: string;
  messageId: string;
  authorId: string;
  reason: 'mention' | 'direct';
  preview: string;
  createdAt: Date;
  readAt: Date | null;
}

interface FeedRow {
  id: string;
  room_id: string;
  message_id: string;
  author_id: string;
  reason: FeedItem['reason'];
  preview: string;
  created_at: Date;
  read_at: Date | null;
}

const toItem = (row: FeedRow): FeedItem => ({ id: row.id, roomId: row.room_id, messageId: row.message_id, authorId: row.author_id, reason: row.reason, preview: row.preview, createdAt: row.created_at, readAt: row.read_at });

export type NewFeedItem = Omit<FeedItem, 'createdAt' | 'readAt'> & { userId: string };

/** One item per person and message: a redelivered event adds nothing. Returns how many were new. */
export async function insertFeedItems(db: Queryable, items: readonly NewFeedItem[]): Promise<number> {
  if (items.length === 0) return 0;
  const column = (key: keyof NewFeedItem) => items.map((item) => item[key]);
  const result = await db.query(
    `INSERT INTO feed_items (id, user_id, room_id, message_id, author_id, reason, preview)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[])
     ON CONFLICT (user_id, message_id) DO NOTHING`,
    [column('id'), column('userId'), column('roomId'), column('messageId'), column('authorId'), column('reason'), column('preview')],
  );
  return result.rowCount ?? 0;
}

/** Newest first, keyset-paged on the UUIDv7 id. */
export async function feedPage(db: Queryable, userId: string, page: { before?: string; limit: number }): Promise<FeedItem[]> {
  const { rows } = await db.query<FeedRow>(
    `SELECT id, room_id, message_id, author_id, reason, preview, created_at, read_at FROM feed_items
     WHERE user_id = $1 AND ($2::uuid IS NULL OR id < $2::uuid) ORDER BY id DESC LIMIT $3`,
    [userId, page.before ?? null, page.limit],
  );
  return rows.map(toItem);
}

export async function unreadCount(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ unread: number }>('SELECT count(*)::int AS unread FROM feed_items WHERE user_id = $1 AND read_at IS NULL', [userId]);
  return rows[0]?.unread ?? 0;
}

export async function markItemRead(db: Queryable, userId: string, itemId: string): Promise<boolean> {
  const result = await db.query('UPDATE feed_items SET read_at = coalesce(read_at, now()) WHERE user_id = $1 AND id = $2', [userId, itemId]);
  return result.rowCount === 1;
}

export async function markAllRead(db: Queryable, userId: string): Promise<number> {
  const result = await db.query('UPDATE feed_items SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [userId]);
  return result.rowCount ?? 0;
}

/** Deleted messages take back the notifications nobody has read yet; read ones stay as history. */
export async function withdrawUnread(db: Queryable, messageIds: readonly string[]): Promise<number> {
  if (messageIds.length === 0) return 0;
  const result = await db.query('DELETE FROM feed_items WHERE message_id = ANY($1::uuid[]) AND read_at IS NULL', [messageIds]);
  return result.rowCount ?? 0;
}

export async function deleteFeedOf(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM feed_items WHERE user_id = $1 OR author_id = $1', [userId]);
}
