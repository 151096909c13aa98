import type { Queryable } from '@lynk/common/store';

/** Returns false when the block already existed. */
export async function insertBlock(db: Queryable, blockerId: string, blockedId: string): Promise<boolean> {
  const result = await db.query('INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [blockerId, blockedId]);
  return result.rowCount === 1;
}

export async function deleteBlock(db: Queryable, blockerId: string, blockedId: string): Promise<boolean> {
  const result = await db.query('DELETE FROM user_blocks WHERE blocker_id = $1 AND blocked_id = $2', [blockerId, blockedId]);
  return result.rowCount === 1;
}

export async function blocksOf(db: Queryable, blockerId: string): Promise<{ userId: string; createdAt: Date }[]> {
  const { rows } = await db.query<{ blocked_id: string; created_at: Date }>('SELECT blocked_id, created_at FROM user_blocks WHERE blocker_id = $1 ORDER BY created_at DESC', [blockerId]);
  return rows.map((row) => ({ userId: row.blocked_id, createdAt: row.created_at }));
}

/** Who blocked whom between two people, in either direction. */
export async function blockBetween(db: Queryable, a: string, b: string): Promise<{ aBlockedB: boolean; bBlockedA: boolean }> {
  const { rows } = await db.query<{ blocker_id: string }>(
    'SELECT blocker_id FROM user_blocks WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1)',
    [a, b],
  );
  return { aBlockedB: rows.some((row) => row.blocker_id === a), bBlockedA: rows.some((row) => row.blocker_id === b) };
}

export async function deleteBlocksInvolving(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM user_blocks WHERE blocker_id = $1 OR blocked_id = $1', [userId]);
}
