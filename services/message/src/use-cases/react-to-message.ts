import { messageErrors } from '../domain/message-errors.ts';
import { validateReactionEmoji } from '../domain/reaction-emoji.ts';
import type { ReactionSummary } from '../store/reaction-store.ts';
import { requireRoomMessage } from './existing-message.ts';
import type { MessageContext } from './message-context.ts';
import { queuedRoomEvent } from './queued-event.ts';

export interface ReactionChange {
  roomId: string;
  messageId: string;
  /** Who added or removed it. */
  userId: string;
  added: boolean;
  /** The emoji's whole state after the change, so every client converges whatever order events arrive in. */
  reaction: ReactionSummary;
}

/**
 * Adds or removes one person's emoji on a message. Both are idempotent: the row is keyed by
 * (message, emoji, person). Members only, and never on a deleted message.
 */
export async function setReaction(context: MessageContext, userId: string, input: { roomId: string; messageId: string; emoji: string }, added: boolean): Promise<ReactionChange> {
  const emoji = validateReactionEmoji(input.emoji);
  const { room, message } = await requireRoomMessage(context, userId, input.roomId, input.messageId);
  if (message.deletedAt) messageErrors.raise('MESSAGE_DELETED');
  const reaction = { roomId: room.id, messageId: message.id, emoji, userId };
  const before = await context.reactions.usersOf(room.id, message.id, emoji);
  const changes = before.includes(userId) !== added;
  // An event only when something changed; the write itself is repeated harmlessly either way.
  const queued = changes ? queuedRoomEvent('message.reaction', room.id, { messageId: message.id, roomId: room.id, userId, emoji, added }) : undefined;
  await (added ? context.reactions.add(reaction, queued) : context.reactions.remove(reaction, queued));
  const userIds = await context.reactions.usersOf(room.id, message.id, emoji);
  const change: ReactionChange = { roomId: room.id, messageId: message.id, userId, added, reaction: { emoji, count: userIds.length, userIds } };
  if (changes) {
    context.live.reactionChanged(change);
    void context.publisher.publishStored(queued!);
  }
  return change;
}
