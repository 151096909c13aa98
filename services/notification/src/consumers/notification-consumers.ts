/**
 * Three consumer groups, so a message waiting for its room's events never blocks those events:
 * rooms and users (the projection and erasure), messages (feed and pushes), and push retries.
 */
import type { Kafka } from 'kafkajs';
import { messageCreatedEvent, messageDeletedEvent, startConsumerLoop, userDeletedEvent } from '@lynk/common/events';
import type { ServiceMetrics } from '@lynk/common/metrics';
import { pushJob, retryTopic } from '../events/push-job.ts';
import { withdrawUnread } from '../store/feed-repository.ts';
import { deliverPushes } from '../use-cases/deliver-pushes.ts';
import { eraseUser } from '../use-cases/erase-user.ts';
import type { NotificationContext } from '../use-cases/notification-context.ts';
import { notifyNewMessages } from '../use-cases/notify-new-messages.ts';
import { projectRoomEvent } from '../use-cases/project-room-events.ts';

const roomTopics = ['room.created', 'room.deleted', 'room.member.joined', 'room.member.left'] as const;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startNotificationConsumers(kafka: Kafka, context: NotificationContext, metrics: ServiceMetrics): { allJoined: () => boolean; stop: () => Promise<void> } {
  const { logger } = context;
  const rooms = startConsumerLoop({
    kafka,
    groupId: 'notification-rooms',
    topics: [...roomTopics, 'user.deleted'],
    fromBeginning: true,
    // Keyed by room (user.deleted by user): partitions in parallel keep each room's events in order.
    partitionsAtOnce: 3,
    logger,
    metrics,
    async handle(topic, value) {
      if (topic === 'user.deleted') {
        const event = userDeletedEvent.safeParse(value);
        if (!event.success) return logger.warn({ topic }, 'skipped an invalid user.deleted event');
        await eraseUser(context, event.data.data.userId);
        logger.info({ userId: event.data.data.userId }, 'erased a deleted user from notifications');
        return;
      }
      const envelope = value as { id?: unknown; data?: Record<string, unknown> } | null;
      const data = envelope?.data;
      if (!data || typeof data.roomId !== 'string') return logger.warn({ topic }, 'skipped a room event without a room id');
      if (typeof envelope.id !== 'string' || !uuidPattern.test(envelope.id)) return logger.warn({ topic }, 'skipped a room event without an event id');
      await projectRoomEvent(context, topic, envelope.id, data);
    },
  });

  const messages = startConsumerLoop({
    kafka,
    groupId: 'notification-pushes',
    topics: ['message.created', 'message.deleted'],
    // A new deployment does not push yesterday's messages.
    fromBeginning: false,
    // Events are keyed by room: rooms proceed side by side, each in order.
    partitionsAtOnce: 3,
    // A run of events shares each store query; its offsets are committed once all of it is done.
    recordsAtOnce: context.config.NOTIFY_EVENTS_AT_ONCE,
    logger,
    metrics,
    async handleRecords(topic, records, heartbeat) {
      if (topic === 'message.deleted') {
        const events = records.flatMap(({ value }) => {
          const event = messageDeletedEvent.safeParse(value);
          if (!event.success) logger.warn({ topic }, 'skipped an invalid message.deleted event');
          return event.success ? [event.data] : [];
        });
        await withdrawUnread(context.pool, events.map((event) => event.data.messageId));
        return;
      }
      const events = records.flatMap(({ value }) => {
        const event = messageCreatedEvent.safeParse(value);
        if (!event.success) logger.warn({ topic }, 'skipped an invalid message.created event');
        return event.success ? [event.data] : [];
      });
      if (events.length === 0) return;
      const report = await notifyNewMessages(context, events, heartbeat);
      logger.info({ firstMessageId: events[0]!.data.messageId, ...report }, 'notified new messages');
    },
  });

  const retries = startConsumerLoop({
    kafka,
    groupId: 'notification-retry',
    topics: [retryTopic],
    fromBeginning: true,
    logger,
    metrics,
    async handle(_topic, value, _record, heartbeat) {
      const job = pushJob.safeParse(value);
      if (!job.success) return logger.warn('skipped an invalid push retry');
      // Backoffs are seconds long: waiting here, heartbeating, keeps retries in order per token.
      while (Date.now() < job.data.notBefore) {
        await sleep(Math.min(1000, job.data.notBefore - Date.now()));
        await heartbeat();
      }
      await deliverPushes(context, [job.data], heartbeat);
    },
  });

  return {
    allJoined: () => [rooms, messages, retries].every((loop) => loop.hasJoined()),
    async stop() {
      await Promise.all([rooms.stop(), messages.stop(), retries.stop()]);
    },
  };
}
