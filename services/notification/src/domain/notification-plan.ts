/**
 * For a run of new messages, in the order they were published: which feed items to write and
 * which people's devices are candidates for a push (before collapsing), from what the stores said
 * about each room and person. Pure, so whole batches are unit-tested.
 */
import { decide, type NotificationLevel } from './delivery-rules.ts';
import { pushPreview } from './push-preview.ts';

export interface PlannedMessage {
  messageId: string;
  roomId: string;
  authorId: string;
  body: string;
  mentions: readonly string[];
}

export interface KnownRoom {
  kind: 'group' | 'direct';
  deleted: boolean;
  memberIds: readonly string[];
}

export interface RecipientFacts {
  level?: NotificationLevel;
  mutedUntil: Date | null;
  hideContent: boolean;
  tokens: readonly string[];
}

export interface PlannedFeedItem {
  userId: string;
  roomId: string;
  messageId: string;
  authorId: string;
  reason: 'mention' | 'direct';
  preview: string;
}

export interface PlannedPush {
  userId: string;
  roomId: string;
  messageId: string;
  /** What the push shows, after the person's hide-content setting. */
  preview: string;
  tokens: readonly string[];
}

export interface NotificationPlan {
  feedItems: PlannedFeedItem[];
  pushes: PlannedPush[];
  /** Messages of rooms nobody is known in (never described, or deleted): nobody is notified. */
  unheard: PlannedMessage[];
}

export const recipientOf = (roomId: string, userId: string) => `${roomId}/${userId}`;

/** Everyone in a message's room but its author. */
export function recipientsOf(message: PlannedMessage, room: KnownRoom | undefined): string[] {
  if (!room || room.deleted) return [];
  return room.memberIds.filter((userId) => userId !== message.authorId);
}

export function planNotifications(messages: readonly PlannedMessage[], rooms: ReadonlyMap<string, KnownRoom>, recipients: ReadonlyMap<string, RecipientFacts>, online: ReadonlySet<string>, now: Date): NotificationPlan {
  const plan: NotificationPlan = { feedItems: [], pushes: [], unheard: [] };
  for (const message of messages) {
    const room = rooms.get(message.roomId);
    if (!room || room.deleted) {
      plan.unheard.push(message);
      continue;
    }
    const { messageId, roomId, authorId, body, mentions } = message;
    for (const userId of recipientsOf(message, room)) {
      const facts = recipients.get(recipientOf(roomId, userId));
      const decision = decide({ authorId, roomKind: room.kind, mentions }, { userId, ...(facts?.level ? { level: facts.level } : {}), mutedUntil: facts?.mutedUntil ?? null, online: online.has(userId) }, now);
      if (decision.feed) plan.feedItems.push({ userId, roomId, messageId, authorId, reason: decision.feed, preview: pushPreview(body, { hideContent: false }) });
      if (decision.push) plan.pushes.push({ userId, roomId, messageId, preview: pushPreview(body, { hideContent: facts?.hideContent ?? false }), tokens: facts?.tokens ?? [] });
    }
  }
  return plan;
}
