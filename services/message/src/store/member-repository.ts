import type { Queryable } from '@lynk/common/store';
import type { RoomRole } from '../domain/room-role.ts';

export interface Membership {
  roomId: string;
  userId: string;
  role: RoomRole;
  joinedAt: Date;
  lastReadMessageId: string | null;
}

interface MembershipRow {
  room_id: string;
  user_id: string;
  role: RoomRole;
  joined_at: Date;
  last_read_message_id: string | null;
}

const toMembership = (row: MembershipRow): Membership => ({ roomId: row.room_id, userId: row.user_id, role: row.role, joinedAt: row.joined_at, lastReadMessageId: row.last_read_message_id });

export async function findMembership(db: Queryable, roomId: string, userId: string, options: { forUpdate?: boolean } = {}): Promise<Membership | undefined> {
  const { rows } = await db.query<MembershipRow>(
    `SELECT m.room_id, m.user_id, m.role, m.joined_at, m.last_read_message_id FROM room_members m JOIN rooms r ON r.id = m.room_id
     WHERE m.room_id = $1 AND m.user_id = $2 AND r.deleted_at IS NULL${options.forUpdate ? ' FOR UPDATE OF m' : ''}`,
    [roomId, userId],
  );
  return rows[0] ? toMembership(rows[0]) : undefined;
}

export async function insertMember(db: Queryable, roomId: string, userId: string, role: RoomRole): Promise<void> {
  await db.query('INSERT INTO room_members (room_id, user_id, role) VALUES ($1, $2, $3)', [roomId, userId, role]);
}

export async function deleteMember(db: Queryable, roomId: string, userId: string): Promise<boolean> {
  const result = await db.query('DELETE FROM room_members WHERE room_id = $1 AND user_id = $2', [roomId, userId]);
  return result.rowCount === 1;
}

export async function deleteAllMembers(db: Queryable, roomId: string): Promise<void> {
  await db.query('DELETE FROM room_members WHERE room_id = $1', [roomId]);
}

export async function setMemberRole(db: Queryable, roomId: string, userId: string, role: RoomRole): Promise<void> {
  await db.query('UPDATE room_members SET role = $3 WHERE room_id = $1 AND user_id = $2', [roomId, userId, role]);
}

export async function countOwners(db: Queryable, roomId: string): Promise<number> {
  const { rows } = await db.query<{ owners: number }>("SELECT count(*)::int AS owners FROM room_members WHERE room_id = $1 AND role = 'owner'", [roomId]);
  return rows[0]?.owners ?? 0;
}

export async function listMembers(db: Queryable, roomId: string, page: { afterUserId?: string; limit: number }): Promise<Membership[]> {
  const { rows } = await db.query<MembershipRow>(
    `SELECT room_id, user_id, role, joined_at, last_read_message_id FROM room_members
     WHERE room_id = $1 AND ($2::uuid IS NULL OR user_id > $2::uuid) ORDER BY user_id LIMIT $3`,
    [roomId, page.afterUserId ?? null, page.limit],
  );
  return rows.map(toMembership);
}

/** Moves the read pointer forward only: a late or replayed receipt never un-reads messages. */
export async function advanceReadPointer(db: Queryable, roomId: string, userId: string, messageId: string): Promise<boolean> {
  const result = await db.query(
    'UPDATE room_members SET last_read_message_id = $3 WHERE room_id = $1 AND user_id = $2 AND (last_read_message_id IS NULL OR last_read_message_id < $3)',
    [roomId, userId, messageId],
  );
  return result.rowCount === 1;
}

export interface MyRoomRow {
  room_id: string;
  role: RoomRole;
  last_read_message_id: string | null;
  joined_at: Date;
}

export async function roomsOfUser(db: Queryable, userId: string): Promise<{ roomId: string; role: RoomRole; lastReadMessageId: string | null; joinedAt: Date }[]> {
  const { rows } = await db.query<MyRoomRow>(
    `SELECT m.room_id, m.role, m.last_read_message_id, m.joined_at FROM room_members m JOIN rooms r ON r.id = m.room_id
     WHERE m.user_id = $1 AND r.deleted_at IS NULL ORDER BY r.name_key`,
    [userId],
  );
  return rows.map((row) => ({ roomId: row.room_id, role: row.role, lastReadMessageId: row.last_read_message_id, joinedAt: row.joined_at }));
}

export async function memberIdsOfRoom(db: Queryable, roomId: string): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>('SELECT user_id FROM room_members WHERE room_id = $1', [roomId]);
  return rows.map((row) => row.user_id);
}

/** Which of `userIds` are members of the room. */
export async function membersAmong(db: Queryable, roomId: string, userIds: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>('SELECT user_id FROM room_members WHERE room_id = $1 AND user_id = ANY($2::uuid[])', [roomId, userIds]);
  return rows.map((row) => row.user_id);
}

/** Which of `userIds` share at least one room with `userId` (themselves included when they have a room). */
export async function usersSharingARoom(db: Queryable, userId: string, userIds: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(
    `SELECT DISTINCT other.user_id FROM room_members mine JOIN room_members other ON other.room_id = mine.room_id
     JOIN rooms r ON r.id = mine.room_id AND r.deleted_at IS NULL
     WHERE mine.user_id = $1 AND other.user_id = ANY($2::uuid[])`,
    [userId, userIds],
  );
  return rows.map((row) => row.user_id);
}

/** Who takes over a room when its last owner's account is erased: the most senior remaining member. */
export async function successorOf(db: Queryable, roomId: string, leavingUserId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ user_id: string }>(
    `SELECT user_id FROM room_members WHERE room_id = $1 AND user_id <> $2
     ORDER BY CASE role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 WHEN 'moderator' THEN 2 ELSE 3 END, joined_at, user_id LIMIT 1`,
    [roomId, leavingUserId],
  );
  return rows[0]?.user_id;
}
