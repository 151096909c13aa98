import { assertCanDelete } from '../domain/message-permissions.ts';
import { requireRoomMessage } from './existing-message.ts';
import type { MessageContext } from './message-context.ts';
import { queuedRoomEvent } from './queued-event.ts';

/**
 * The author, or a moderator and above, deletes a message. Its body and attachments leave the
 * store; a tombstone keeps its place so replies and paging still make sense. Deleting twice is fine.
 */
export async function deleteMessage(context: MessageContext, actorId: string, input: { roomId: string; messageId: string }): Promise<{ roomId: string; messageId: string }> {
  const { room, membership, message } = await requireRoomMessage(context, actorId, input.roomId, input.messageId);
  assertCanDelete(message, actorId, membership.role);
  if (message.deletedAt) return { roomId: room.id, messageId: message.id };
  const deletedAt = new Date();
  const queued = queuedRoomEvent('message.deleted', room.id, { messageId: message.id, roomId: room.id, authorId: message.authorId, actorId, reason: 'deleted', deletedAt: deletedAt.toISOString() });
  await context.messages.erase(message, deletedAt, room.bucketSeconds, queued);
  context.live.messageDeleted({ roomId: room.id, messageId: message.id });
  void context.publisher.publishStored(queued);
  return { roomId: room.id, messageId: message.id };
}
