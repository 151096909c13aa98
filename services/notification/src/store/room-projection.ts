/**
 * Who is in which room, as far as room.* events have told us. Message owns the truth; this copy
 * answers "whom does a new message concern" without calling message for every event.
 */
import type { Queryable } from '@lynk/common/store';

export async function recordRoom(db: Queryable, roomId: string, kind: 'group' | 'direct'): Promise<void> {
  await db.query('INSERT INTO rooms (room_id, kind, described) VALUES ($1, $2, true) ON CONFLICT (room_id) DO UPDATE SET kind = EXCLUDED.kind, described = true', [roomId, kind]);
}

export async function recordRoomDeleted(db: Queryable, roomId: string): Promise<void> {
  await db.query('INSERT INTO rooms (room_id, deleted) VALUES ($1, true) ON CONFLICT (room_id) DO UPDATE SET deleted = true', [roomId]);
  await db.query('DELETE FROM room_members WHERE room_id = $1', [roomId]);
}

/**
 * A join or leave, applied only if it is newer than the change the row last saw: `eventId` is the
 * event's UUIDv7, so a late or redelivered older event is ignored. A leave stays as a tombstone.
 */
async function recordMembership(db: Queryable, roomId: string, userId: string, present: boolean, eventId: string): Promise<void> {
  await db.query(
    `INSERT INTO room_members (room_id, user_id, present, changed_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (room_id, user_id) DO UPDATE SET present = EXCLUDED.present, changed_by = EXCLUDED.changed_by
     WHERE room_members.changed_by IS NULL OR room_members.changed_by < EXCLUDED.changed_by`,
    [roomId, userId, present, eventId],
  );
}

export function recordMemberJoined(db: Queryable, roomId: string, userId: string, eventId: string): Promise<void> {
  return recordMembership(db, roomId, userId, true, eventId);
}

export function recordMemberLeft(db: Queryable, roomId: string, userId: string, eventId: string): Promise<void> {
  return recordMembership(db, roomId, userId, false, eventId);
}

export interface RoomAudience {
  kind: 'group' | 'direct';
  /** room.created has been seen, so `kind` is known rather than assumed. */
  described: boolean;
  deleted: boolean;
  memberIds: string[];
}

/** Each room's kind and members, in one query; a room no room event has described yet is absent. */
export async function roomAudiences(db: Queryable, roomIds: readonly string[]): Promise<Map<string, RoomAudience>> {
  if (roomIds.length === 0) return new Map();
  const { rows } = await db.query<{ room_id: string; kind: 'group' | 'direct'; described: boolean; deleted: boolean; members: string[] | null }>(
    `SELECT r.room_id, r.kind, r.described, r.deleted, array_agg(m.user_id) FILTER (WHERE m.user_id IS NOT NULL) AS members
     FROM rooms r LEFT JOIN room_members m ON m.room_id = r.room_id AND m.present WHERE r.room_id = ANY($1::uuid[]) GROUP BY r.room_id`,
    [roomIds],
  );
  return new Map(rows.map((row) => [row.room_id, { kind: row.kind, described: row.described, deleted: row.deleted, memberIds: row.members ?? [] }]));
}

export async function forgetMemberEverywhere(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM room_members WHERE user_id = $1', [userId]);
}
