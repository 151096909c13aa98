import type { Queryable } from '@lynk/common/store';

/** A pair in the order the table keeps it, so both directions name the same row. */
export function orderedPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/**
 * Claims the pair for `roomId`. Returns false when the pair already has a conversation: the
 * primary key makes a racing second claim wait for the first and then do nothing.
 */
export async function claimDirectPair(db: Queryable, a: string, b: string, roomId: string): Promise<boolean> {
  const [low, high] = orderedPair(a, b);
  const result = await db.query('INSERT INTO direct_conversations (user_low, user_high, room_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [low, high, roomId]);
  return result.rowCount === 1;
}

export async function findDirectRoomId(db: Queryable, a: string, b: string): Promise<string | undefined> {
  const [low, high] = orderedPair(a, b);
  const { rows } = await db.query<{ room_id: string }>('SELECT room_id FROM direct_conversations WHERE user_low = $1 AND user_high = $2', [low, high]);
  return rows[0]?.room_id;
}

/** The other person of a direct room. */
export async function directPeerOf(db: Queryable, roomId: string, userId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ peer: string }>('SELECT CASE WHEN user_low = $2 THEN user_high ELSE user_low END AS peer FROM direct_conversations WHERE room_id = $1', [roomId, userId]);
  return rows[0]?.peer;
}

/** Every direct conversation of a person, with the other person. */
export async function directConversationsOf(db: Queryable, userId: string): Promise<{ roomId: string; peerId: string; createdAt: Date }[]> {
  const { rows } = await db.query<{ room_id: string; peer: string; created_at: Date }>(
    `SELECT room_id, CASE WHEN user_low = $1 THEN user_high ELSE user_low END AS peer, created_at
     FROM direct_conversations WHERE user_low = $1 OR user_high = $1 ORDER BY created_at DESC`,
    [userId],
  );
  return rows.map((row) => ({ roomId: row.room_id, peerId: row.peer, createdAt: row.created_at }));
}

export async function deleteDirectConversationsOf(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM direct_conversations WHERE user_low = $1 OR user_high = $1', [userId]);
}
