import type { Queryable } from '@lynk/common/store';

export interface RoomBan {
  userId: string;
  bannedBy: string;
  reason: string;
  expiresAt: Date | null;
  createdAt: Date;
}

/** A ban counts while it has no expiry or its expiry is still ahead. */
export async function activeBan(db: Queryable, roomId: string, userId: string): Promise<RoomBan | undefined> {
  const { rows } = await db.query<{ user_id: string; banned_by: string; reason: string; expires_at: Date | null; created_at: Date }>(
    'SELECT user_id, banned_by, reason, expires_at, created_at FROM room_bans WHERE room_id = $1 AND user_id = $2 AND (expires_at IS NULL OR expires_at > now())',
    [roomId, userId],
  );
  const row = rows[0];
  return row ? { userId: row.user_id, bannedBy: row.banned_by, reason: row.reason, expiresAt: row.expires_at, createdAt: row.created_at } : undefined;
}

export async function upsertBan(db: Queryable, roomId: string, ban: { userId: string; bannedBy: string; reason: string; expiresAt: Date | null }): Promise<void> {
  await db.query(
    `INSERT INTO room_bans (room_id, user_id, banned_by, reason, expires_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (room_id, user_id) DO UPDATE SET banned_by = EXCLUDED.banned_by, reason = EXCLUDED.reason, expires_at = EXCLUDED.expires_at, created_at = now()`,
    [roomId, ban.userId, ban.bannedBy, ban.reason, ban.expiresAt],
  );
}

export async function deleteBan(db: Queryable, roomId: string, userId: string): Promise<boolean> {
  const result = await db.query('DELETE FROM room_bans WHERE room_id = $1 AND user_id = $2 AND (expires_at IS NULL OR expires_at > now())', [roomId, userId]);
  return result.rowCount === 1;
}

export async function listActiveBans(db: Queryable, roomId: string): Promise<RoomBan[]> {
  const { rows } = await db.query<{ user_id: string; banned_by: string; reason: string; expires_at: Date | null; created_at: Date }>(
    'SELECT user_id, banned_by, reason, expires_at, created_at FROM room_bans WHERE room_id = $1 AND (expires_at IS NULL OR expires_at > now()) ORDER BY created_at',
    [roomId],
  );
  return rows.map((row) => ({ userId: row.user_id, bannedBy: row.banned_by, reason: row.reason, expiresAt: row.expires_at, createdAt: row.created_at }));
}

/** Bans naming an erased user go with the user; bans they issued stay, naming an id that no longer maps to anyone. */
export async function deleteBansOf(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM room_bans WHERE user_id = $1', [userId]);
}
