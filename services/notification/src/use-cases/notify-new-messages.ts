/**
 * `message.created`, a run of events at a time: feed items for mentions and direct messages, and
 * a push to each device of every member the delivery rules pick, collapsed per room. Each step is
 * one store call for the whole run, not one per message. Safe to run twice for the same events:
 * feed items and delivery claims are unique per person or device and message.
 */
import { v7 as uuidv7 } from 'uuid';
import type { MessageCreatedEvent } from '@lynk/common/events';
import { planNotifications, recipientOf, recipientsOf, type PlannedMessage } from '../domain/notification-plan.ts';
import type { PushJob } from '../events/push-job.ts';
import { openOrFold } from '../store/collapse-windows.ts';
import { insertFeedItems } from '../store/feed-repository.ts';
import { onlineAmong } from '../store/presence-reader.ts';
import { recipientProfiles } from '../store/recipient-profiles.ts';
import { roomAudiences, type RoomAudience } from '../store/room-projection.ts';
import { deliverPushes, type DeliveryTally } from './deliver-pushes.ts';
import type { NotificationContext } from './notification-context.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Room events travel on other topics than messages, so a brand-new room's may still be on their
 * way: a room is complete once described, its author is a known member, and a direct
 * conversation has both its people.
 */
function complete(audience: RoomAudience | undefined, authorId: string): boolean {
  if (!audience) return false;
  if (audience.deleted) return true;
  return audience.described && audience.memberIds.includes(authorId) && (audience.kind !== 'direct' || audience.memberIds.length >= 2);
}

/** Every room of the run, waiting a little (MEMBERSHIP_WAIT_MS for the whole run) for the incomplete ones. */
async function audiencesOf(context: NotificationContext, messages: readonly PlannedMessage[], heartbeat: () => Promise<void>): Promise<Map<string, RoomAudience>> {
  const deadline = Date.now() + context.config.MEMBERSHIP_WAIT_MS;
  const audiences = await roomAudiences(context.pool, [...new Set(messages.map((message) => message.roomId))]);
  for (;;) {
    const waiting = [...new Set(messages.filter((message) => !complete(audiences.get(message.roomId), message.authorId)).map((message) => message.roomId))];
    if (waiting.length === 0 || Date.now() >= deadline) return audiences;
    await sleep(100);
    await heartbeat();
    for (const [roomId, audience] of await roomAudiences(context.pool, waiting)) audiences.set(roomId, audience);
  }
}

export interface NotifyReport extends DeliveryTally {
  messages: number;
  feedItems: number;
  folded: number;
  unheard: number;
}

export async function notifyNewMessages(context: NotificationContext, events: readonly MessageCreatedEvent[], heartbeat: () => Promise<void>): Promise<NotifyReport> {
  const messages: PlannedMessage[] = events.map((event) => event.data);
  const audiences = await audiencesOf(context, messages, heartbeat);
  const pairs = new Map<string, { roomId: string; userId: string }>();
  for (const message of messages) for (const userId of recipientsOf(message, audiences.get(message.roomId))) pairs.set(recipientOf(message.roomId, userId), { roomId: message.roomId, userId });
  const [profiles, online] = await Promise.all([recipientProfiles(context.pool, [...pairs.values()]), onlineAmong(context.redis, [...new Set([...pairs.values()].map((pair) => pair.userId))])]);

  const plan = planNotifications(messages, audiences, profiles, online, new Date());
  for (const message of plan.unheard) context.logger.warn({ roomId: message.roomId, messageId: message.messageId }, 'no members known for the room of a new message; nobody notified');
  const [feedItems, toPush] = await Promise.all([
    insertFeedItems(context.pool, plan.feedItems.map((item) => ({ id: uuidv7(), ...item }))),
    openOrFold(context.pool, plan.pushes, context.config.PUSH_COLLAPSE_WINDOW_MS),
  ]);
  const jobs = toPush.flatMap((push) =>
    push.tokens.map((token): PushJob => ({ messageId: push.messageId, roomId: push.roomId, userId: push.userId, token, title: 'New message', body: push.preview, kind: 'message', attempt: 1, notBefore: 0 })),
  );
  const tally = await deliverPushes(context, jobs, heartbeat);
  return { messages: messages.length, feedItems, folded: plan.pushes.length - toPush.length, unheard: plan.unheard.length, ...tally };
}
