import { mediaErrors } from '../domain/media-errors.ts';
import { atLeast, type RoomRole } from '../domain/room-role.ts';
import type { MediaContext } from './media-context.ts';

/** The caller's role in the room, asked of message on every request: an ex-member is refused at once. */
export async function requireRoomRole(context: MediaContext, roomId: string, userId: string, minimum: RoomRole = 'member'): Promise<RoomRole> {
  const role = await context.rooms.roleOf(roomId, userId);
  if (!role) mediaErrors.raise('MEDIA_NOT_ROOM_MEMBER');
  if (!atLeast(role, minimum)) mediaErrors.raise('MEDIA_FORBIDDEN', `this needs the ${minimum} role or above`);
  return role;
}
