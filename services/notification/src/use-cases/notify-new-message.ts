/**
 * `message.created`: feed items for mentions and direct messages, and a push to each device of
 * every member the delivery rules pick, collapsed per room. Safe to run twice for one event:
 * feed items and delivery claims are unique per person or device and message.
 */
import { v7 as uuidv7 } from 'uuid';
import type { MessageCreatedEvent } from '@lynk/common/events';
import { decide } from '../domain/delivery-rules.ts';
import { pushPreview } from '../domain/push-preview.ts';
import { openOrFold } from '../store/collapse-windows.ts';
import { devicesOf } from '../store/device-repository.ts';
import { insertFeedItem } from '../store/feed-repository.ts';
import { recipientSettings } from '../store/preference-repository.ts';
import { onlineAmong } from '../store/presence-reader.ts';
import { roomAudience, type RoomAudience } from '../store/room-projection.ts';
import { deliverPush } from './deliver-push.ts';
import type { NotificationContext } from './notification-context.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Room events travel on other topics than messages, so a brand-new room's may still be on their
 * way: wait a little until the room is described, its author is a known member, and a direct
 * conversation has both its people.
 */
function complete(audience: RoomAudience | undefined, authorId: string): boolean {
  if (!audience) return false;
  if (audience.deleted) return true;
  return audience.described && audience.memberIds.includes(authorId) && (audience.kind !== 'direct' || audience.memberIds.length >= 2);
}

async function audienceOf(context: NotificationContext, roomId: string, authorId: string): Promise<RoomAudience | undefined> {
  const deadline = Date.now() + context.config.MEMBERSHIP_WAIT_MS;
  for (;;) {
    const audience = await roomAudience(context.pool, roomId);
    if (complete(audience, authorId) || Date.now() >= deadline) return audience;
    await sleep(100);
  }
}

export interface NotifyReport {
  feedItems: number;
  pushes: number;
  folded: number;
}

export async function notifyNewMessage(context: NotificationContext, event: MessageCreatedEvent): Promise<NotifyReport> {
  const { roomId, messageId, authorId, body, mentions } = event.data;
  const report: NotifyReport = { feedItems: 0, pushes: 0, folded: 0 };
  const audience = await audienceOf(context, roomId, authorId);
  if (!audience || audience.deleted) {
    context.logger.warn({ roomId, messageId }, 'no members known for the room of a new message; nobody notified');
    return report;
  }
  const recipients = audience.memberIds.filter((userId) => userId !== authorId);
  const [settings, online] = await Promise.all([recipientSettings(context.pool, roomId, recipients), onlineAmong(context.redis, recipients)]);
  const now = new Date();
  const pushTo: { userId: string; hideContent: boolean }[] = [];
  for (const userId of recipients) {
    const setting = settings.get(userId);
    const decision = decide({ authorId, roomKind: audience.kind, mentions }, { userId, ...(setting?.level ? { level: setting.level } : {}), mutedUntil: setting?.mutedUntil ?? null, online: online.has(userId) }, now);
    if (decision.feed && (await insertFeedItem(context.pool, userId, { id: uuidv7(), roomId, messageId, authorId, reason: decision.feed, preview: pushPreview(body, { hideContent: false }) }))) report.feedItems++;
    if (!decision.push) continue;
    if (await openOrFold(context.pool, userId, roomId, messageId, context.config.PUSH_COLLAPSE_WINDOW_MS)) pushTo.push({ userId, hideContent: setting?.hideContent ?? false });
    else report.folded++;
  }
  const hideContent = new Map(pushTo.map((entry) => [entry.userId, entry.hideContent]));
  for (const device of await devicesOf(context.pool, pushTo.map((entry) => entry.userId))) {
    const preview = pushPreview(body, { hideContent: hideContent.get(device.userId) ?? false });
    const outcome = await deliverPush(context, { messageId, roomId, userId: device.userId, token: device.token, title: 'New message', body: preview, kind: 'message', attempt: 1, notBefore: 0 });
    if (outcome === 'sent') report.pushes++;
  }
  return report;
}
