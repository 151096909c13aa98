import type { NotificationContext } from './notification-context.ts';
import { recordMemberJoined, recordMemberLeft, recordRoom, recordRoomDeleted } from '../store/room-projection.ts';

/** Keeps the room projection in step with message's room.* events; each step is idempotent. */
/** `eventId` orders a member's joins and leaves, which travel on different topics. */
export async function projectRoomEvent(context: NotificationContext, type: string, eventId: string, data: Record<string, unknown>): Promise<void> {
  const roomId = String(data.roomId);
  switch (type) {
    case 'room.created':
      return recordRoom(context.pool, roomId, data.kind === 'direct' ? 'direct' : 'group');
    case 'room.deleted':
      return recordRoomDeleted(context.pool, roomId);
    case 'room.member.joined':
      // A join may arrive before room.created on another partition: the room row is made either way.
      await context.pool.query('INSERT INTO rooms (room_id) VALUES ($1) ON CONFLICT DO NOTHING', [roomId]);
      return recordMemberJoined(context.pool, roomId, String(data.userId), eventId);
    case 'room.member.left':
      return recordMemberLeft(context.pool, roomId, String(data.userId), eventId);
    default:
      return;
  }
}
