import type { StoredMessage } from '../store/message-store.ts';
import type { ReactionSummary } from '../store/reaction-store.ts';
import type { MessageContext } from './message-context.ts';

export type { ReactionSummary };

/** A message as clients see it, over REST, in acknowledgements and in live events. */
export interface MessageView {
  id: string;
  roomId: string;
  authorId: string;
  clientMsgId: string;
  /** Empty once deleted: the tombstone keeps its place in history and threads, not its words. */
  body: string;
  /** The message this one replies to; its thread lists this one. */
  replyTo: string | null;
  replyCount: number;
  attachments: string[];
  /** Mentioned member ids, then `room` and `here` (see domain/mentions.ts). */
  mentions: string[];
  reactions: ReactionSummary[];
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

export function messageView(message: StoredMessage, extras: { replyCount?: number; reactions?: ReactionSummary[] } = {}): MessageView {
  const deleted = message.deletedAt !== null;
  return {
    id: message.id,
    roomId: message.roomId,
    authorId: message.authorId,
    clientMsgId: message.clientMsgId,
    body: deleted ? '' : message.body,
    replyTo: message.replyTo,
    replyCount: extras.replyCount ?? 0,
    attachments: deleted ? [] : message.attachments,
    mentions: deleted ? [] : message.mentions,
    reactions: deleted ? [] : (extras.reactions ?? []),
    createdAt: message.createdAt.toISOString(),
    editedAt: message.editedAt?.toISOString() ?? null,
    deleted,
  };
}

/** Views of messages of one room with their reply counts and reactions: two extra reads per page, not per message. */
export async function messageViews(context: MessageContext, roomId: string, messages: readonly StoredMessage[]): Promise<MessageView[]> {
  const [replyCounts, reactions] = await Promise.all([context.messages.replyCounts(roomId, messages), context.reactions.summaries(roomId, messages.filter((message) => !message.deletedAt).map((message) => message.id))]);
  return messages.map((message) => messageView(message, { replyCount: replyCounts.get(message.id) ?? 0, reactions: reactions.get(message.id) ?? [] }));
}
