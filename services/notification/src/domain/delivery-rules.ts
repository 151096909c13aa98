/**
 * Who hears about a new message, and how. Pure rules, so every case is unit-tested:
 * - never the author;
 * - the in-app feed gets mentions and direct messages, whatever the person's presence;
 * - a push goes only to people who are not online, not muted, and whose level allows it:
 *   `all` (the default), `mentions` (only when mentioned: by id or @room; @here means "whoever
 *   is online", so it never pushes), `none`. In a direct conversation every message is meant
 *   for the reader, so `mentions` behaves as `all` there.
 */
export type NotificationLevel = 'all' | 'mentions' | 'none';

export interface Recipient {
  userId: string;
  /** Unset means the default for the room's kind. */
  level?: NotificationLevel;
  mutedUntil?: Date | null;
  online: boolean;
}

export interface NewMessage {
  authorId: string;
  roomKind: 'group' | 'direct';
  /** Member ids, then `room` and `here` (message's mention format). */
  mentions: readonly string[];
}

export interface Decision {
  feed: 'mention' | 'direct' | null;
  push: boolean;
}

export const defaultLevel: NotificationLevel = 'all';

export function isMentioned(message: NewMessage, userId: string): boolean {
  return message.mentions.includes(userId) || message.mentions.includes('room');
}

export function decide(message: NewMessage, recipient: Recipient, now: Date): Decision {
  if (recipient.userId === message.authorId) return { feed: null, push: false };
  const mentioned = isMentioned(message, recipient.userId) || message.mentions.includes('here');
  const feed = message.roomKind === 'direct' ? 'direct' : mentioned ? 'mention' : null;
  const level = recipient.level ?? defaultLevel;
  const muted = recipient.mutedUntil != null && recipient.mutedUntil > now;
  const levelAllows = level === 'all' || (level === 'mentions' && (message.roomKind === 'direct' || isMentioned(message, recipient.userId)));
  return { feed, push: !recipient.online && !muted && levelAllows };
}
