import type { Queryable } from '@lynk/common/store';
import type { RoomVisibility } from '@lynk/common/events';
import type { RoomRole } from '../domain/room-role.ts';

/** Group rooms are made by people; direct rooms are the conversation of one pair. */
export type RoomKind = 'group' | 'direct';

export interface Room {
  id: string;
  kind: RoomKind;
  name: string;
  nameKey: string;
  description: string;
  visibility: RoomVisibility;
  maxMembers: number;
  memberCount: number;
  bucketSeconds: number;
  createdBy: string;
  createdAt: Date;
}

interface RoomRow {
  id: string;
  kind: RoomKind;
  name: string;
  name_key: string;
  description: string;
  visibility: RoomVisibility;
  max_members: number;
  member_count: number;
  bucket_seconds: number;
  created_by: string;
  created_at: Date;
}

const columns = 'id, kind, name, name_key, description, visibility, max_members, member_count, bucket_seconds, created_by, created_at';
const roomColumnsOf = (alias: string) => columns.split(', ').map((column) => `${alias}.${column}`).join(', ');

function toRoom(row: RoomRow): Room {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    nameKey: row.name_key,
    description: row.description,
    visibility: row.visibility,
    maxMembers: row.max_members,
    memberCount: row.member_count,
    bucketSeconds: row.bucket_seconds,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Inserts a room; returns false when a live room already has the name (unique index). */
export async function insertRoom(db: Queryable, room: Omit<Room, 'memberCount' | 'createdAt' | 'kind'> & { kind?: RoomKind }): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO rooms (id, kind, name, name_key, description, visibility, max_members, bucket_seconds, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (name_key) WHERE deleted_at IS NULL DO NOTHING`,
    [room.id, room.kind ?? 'group', room.name, room.nameKey, room.description, room.visibility, room.maxMembers, room.bucketSeconds, room.createdBy],
  );
  return result.rowCount === 1;
}

export async function findRoom(db: Queryable, roomId: string, options: { forUpdate?: boolean } = {}): Promise<Room | undefined> {
  const { rows } = await db.query<RoomRow>(`SELECT ${columns} FROM rooms WHERE id = $1 AND deleted_at IS NULL${options.forUpdate ? ' FOR UPDATE' : ''}`, [roomId]);
  return rows[0] ? toRoom(rows[0]) : undefined;
}

export async function isNameKeyTaken(db: Queryable, nameKey: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM rooms WHERE name_key = $1 AND deleted_at IS NULL', [nameKey]);
  return (rowCount ?? 0) > 0;
}

export async function updateRoom(db: Queryable, roomId: string, changes: { name: string; nameKey: string; description: string; visibility: RoomVisibility; maxMembers: number }): Promise<boolean> {
  const result = await db.query(
    `UPDATE rooms SET name = $2, name_key = $3, description = $4, visibility = $5, max_members = $6, updated_at = now()
     WHERE id = $1 AND deleted_at IS NULL`,
    [roomId, changes.name, changes.nameKey, changes.description, changes.visibility, changes.maxMembers],
  );
  return result.rowCount === 1;
}

export async function markRoomDeleted(db: Queryable, roomId: string): Promise<void> {
  await db.query('UPDATE rooms SET deleted_at = now(), member_count = 0 WHERE id = $1', [roomId]);
}

/**
 * Takes a seat: the row lock serialises racing joins, so two joins for the last seat cannot both
 * pass `member_count < max_members`. Returns false when the room is full.
 */
export async function takeSeat(db: Queryable, roomId: string): Promise<boolean> {
  const result = await db.query('UPDATE rooms SET member_count = member_count + 1 WHERE id = $1 AND deleted_at IS NULL AND member_count < max_members', [roomId]);
  return result.rowCount === 1;
}

export async function freeSeat(db: Queryable, roomId: string): Promise<void> {
  await db.query('UPDATE rooms SET member_count = member_count - 1 WHERE id = $1 AND member_count > 0', [roomId]);
}

/** The live rooms a user belongs to, with their membership, in one query (ordered by name). */
export async function roomsOfMember(db: Queryable, userId: string): Promise<{ room: Room; role: RoomRole; lastReadMessageId: string | null; joinedAt: Date }[]> {
  const { rows } = await db.query<RoomRow & { role: RoomRole; last_read_message_id: string | null; joined_at: Date }>(
    `SELECT ${roomColumnsOf('r')}, m.role, m.last_read_message_id, m.joined_at FROM room_members m JOIN rooms r ON r.id = m.room_id
     WHERE m.user_id = $1 AND r.deleted_at IS NULL ORDER BY r.name_key`,
    [userId],
  );
  return rows.map((row) => ({ room: toRoom(row), role: row.role, lastReadMessageId: row.last_read_message_id, joinedAt: row.joined_at }));
}

/** Public rooms by name, keyset-paginated on (name_key, id). */
export async function searchPublicRooms(db: Queryable, query: { search: string; after?: { nameKey: string; id: string }; limit: number }): Promise<Room[]> {
  const pattern = `%${query.search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  const { rows } = await db.query<RoomRow>(
    `SELECT ${columns} FROM rooms
     WHERE deleted_at IS NULL AND visibility = 'public' AND name_key LIKE $1
       AND ($2::text IS NULL OR (name_key, id) > ($2::text, $3::uuid))
     ORDER BY name_key, id LIMIT $4`,
    [pattern, query.after?.nameKey ?? null, query.after?.id ?? null, query.limit],
  );
  return rows.map(toRoom);
}

/** A room's history layout, even once the room is deleted: erasure still has to find its messages. */
export async function bucketSecondsOf(db: Queryable, roomId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ bucket_seconds: number }>('SELECT bucket_seconds FROM rooms WHERE id = $1', [roomId]);
  return rows[0]?.bucket_seconds;
}
