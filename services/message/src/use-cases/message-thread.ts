import { messageErrors } from '../domain/message-errors.ts';
import { isUuidV7 } from '../domain/time-bucket.ts';
import { requireRoomMessage } from './existing-message.ts';
import { maxHistoryPage } from './message-history.ts';
import type { MessageContext } from './message-context.ts';
import { messageViews, type MessageView } from './message-view.ts';

export interface ThreadPage {
  parent: MessageView;
  /** Oldest first; page on with `after` set to the last id. */
  replies: MessageView[];
  hasMore: boolean;
}

/** The replies to one message, members only. */
export async function readThread(context: MessageContext, userId: string, query: { roomId: string; messageId: string; after?: string; limit: number }): Promise<ThreadPage> {
  if (query.after !== undefined && !isUuidV7(query.after)) messageErrors.raise('MESSAGE_CURSOR_INVALID');
  const { room, message } = await requireRoomMessage(context, userId, query.roomId, query.messageId);
  const limit = Math.min(query.limit, maxHistoryPage);
  const found = await context.messages.threadReplies(room.id, message.id, room.bucketSeconds, { ...(query.after ? { after: query.after } : {}), limit: limit + 1 });
  const [parent, ...replies] = await messageViews(context, room.id, [message, ...found.slice(0, limit)]);
  return { parent: parent!, replies, hasMore: found.length > limit };
}
