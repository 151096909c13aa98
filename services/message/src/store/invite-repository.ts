import type { Queryable } from '@lynk/common/store';

export interface RoomInvite {
  id: string;
  roomId: string;
  code: string;
  createdBy: string;
  expiresAt: Date;
  maxUses: number;
  uses: number;
  revokedAt: Date | null;
  createdAt: Date;
}

interface InviteRow {
  id: string;
  room_id: string;
  code: string;
  created_by: string;
  expires_at: Date;
  max_uses: number;
  uses: number;
  revoked_at: Date | null;
  created_at: Date;
}

const columns = 'id, room_id, code, created_by, expires_at, max_uses, uses, revoked_at, created_at';
const toInvite = (row: InviteRow): RoomInvite => ({
  id: row.id,
  roomId: row.room_id,
  code: row.code,
  createdBy: row.created_by,
  expiresAt: row.expires_at,
  maxUses: row.max_uses,
  uses: row.uses,
  revokedAt: row.revoked_at,
  createdAt: row.created_at,
});

export async function insertInvite(db: Queryable, invite: Pick<RoomInvite, 'id' | 'roomId' | 'code' | 'createdBy' | 'expiresAt' | 'maxUses'>): Promise<RoomInvite> {
  const { rows } = await db.query<InviteRow>(
    `INSERT INTO room_invites (id, room_id, code, created_by, expires_at, max_uses) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${columns}`,
    [invite.id, invite.roomId, invite.code, invite.createdBy, invite.expiresAt, invite.maxUses],
  );
  return toInvite(rows[0]!);
}

/** Locks the invite row so concurrent redemptions count its uses one at a time. */
export async function findInviteByCodeForUpdate(db: Queryable, code: string): Promise<RoomInvite | undefined> {
  const { rows } = await db.query<InviteRow>(`SELECT ${columns} FROM room_invites WHERE code = $1 FOR UPDATE`, [code]);
  return rows[0] ? toInvite(rows[0]) : undefined;
}

export async function countInviteUse(db: Queryable, inviteId: string): Promise<void> {
  await db.query('UPDATE room_invites SET uses = uses + 1 WHERE id = $1', [inviteId]);
}

export async function revokeInvite(db: Queryable, roomId: string, inviteId: string): Promise<boolean> {
  const result = await db.query('UPDATE room_invites SET revoked_at = now() WHERE id = $1 AND room_id = $2 AND revoked_at IS NULL', [inviteId, roomId]);
  return result.rowCount === 1;
}

export async function listInvites(db: Queryable, roomId: string): Promise<RoomInvite[]> {
  const { rows } = await db.query<InviteRow>(`SELECT ${columns} FROM room_invites WHERE room_id = $1 ORDER BY created_at DESC`, [roomId]);
  return rows.map(toInvite);
}
