import { messageErrors } from '../domain/message-errors.ts';
import { isUuidV7 } from '../domain/time-bucket.ts';
import { advanceReadPointer } from '../store/member-repository.ts';
import type { MessageContext } from './message-context.ts';
import { messageViews, type MessageView } from './message-view.ts';
import { requireMembership } from './room-access.ts';

export const maxHistoryPage = 100;

export interface HistoryPage {
  messages: MessageView[];
  /** More messages exist beyond this page in the direction asked for. */
  hasMore: boolean;
}

/**
 * A page of a room's history, members only. `before` pages back in time (newest first);
 * `after` catches up from the last id a client saw (oldest first).
 */
export async function readHistory(context: MessageContext, userId: string, query: { roomId: string; before?: string; after?: string; limit: number }): Promise<HistoryPage> {
  for (const cursor of [query.before, query.after]) if (cursor !== undefined && !isUuidV7(cursor)) messageErrors.raise('MESSAGE_CURSOR_INVALID');
  const { room } = await requireMembership(context.pool, query.roomId, userId);
  const limit = Math.min(query.limit, maxHistoryPage);
  const found = await context.messages.page({ roomId: room.id, bucketSeconds: room.bucketSeconds, ...(query.before ? { before: query.before } : {}), ...(query.after ? { after: query.after } : {}), limit: limit + 1 });
  return { messages: await messageViews(context, room.id, found.slice(0, limit)), hasMore: found.length > limit };
}

/** Moves my read pointer forward to `messageId`, which must be a message of the room, and tells the room. */
export async function markRead(context: MessageContext, userId: string, roomId: string, messageId: string): Promise<void> {
  if (!isUuidV7(messageId)) messageErrors.raise('MESSAGE_NOT_FOUND');
  const { room } = await requireMembership(context.pool, roomId, userId);
  if (!(await context.messages.find(room.id, messageId, room.bucketSeconds))) messageErrors.raise('MESSAGE_NOT_FOUND');
  // Only a pointer that moved is news: the room and the reader's other devices update their counts.
  if (await advanceReadPointer(context.pool, roomId, userId, messageId)) context.live.readUpdated({ roomId: room.id, userId, messageId });
}
