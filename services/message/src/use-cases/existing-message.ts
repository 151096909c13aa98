import { messageErrors } from '../domain/message-errors.ts';
import { isUuidV7 } from '../domain/time-bucket.ts';
import type { Membership } from '../store/member-repository.ts';
import type { StoredMessage } from '../store/message-store.ts';
import type { Room } from '../store/room-repository.ts';
import type { MessageContext } from './message-context.ts';
import { requireMembership } from './room-access.ts';

/** A message of a room the caller is a member of, with the room and the caller's membership. */
export async function requireRoomMessage(context: MessageContext, userId: string, roomId: string, messageId: string): Promise<{ room: Room; membership: Membership; message: StoredMessage }> {
  const { room, membership } = await requireMembership(context.pool, roomId, userId);
  const message = isUuidV7(messageId) ? await context.messages.find(room.id, messageId, room.bucketSeconds) : undefined;
  if (!message) messageErrors.raise('MESSAGE_NOT_FOUND');
  return { room, membership, message };
}
