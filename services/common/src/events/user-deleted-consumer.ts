import type { Kafka } from 'kafkajs';
import type { Logger } from '../logger.ts';
import type { ServiceMetrics } from '../metrics/service-metrics.ts';
import { startConsumerLoop, type ConsumerLoop } from './consumer-loop.ts';
import { userDeletedEvent } from './user-events.ts';

/**
 * Every service erases its part of a deleted user (GDPR) the same way: its own group reads
 * `user.deleted` from the beginning (erasures requested before it first ran still happen), and
 * the offset moves on only after `erase` finished. Erasure must be idempotent: a crash replays it.
 */
export function startUserDeletedConsumer(options: { kafka: Kafka; groupId: string; logger: Logger; metrics: ServiceMetrics; erase(userId: string): Promise<object | void> }): ConsumerLoop {
  const { logger } = options;
  return startConsumerLoop({
    kafka: options.kafka,
    groupId: options.groupId,
    topics: ['user.deleted'],
    fromBeginning: true,
    logger,
    metrics: options.metrics,
    async handle(topic, value, record) {
      const event = userDeletedEvent.safeParse(value);
      if (!event.success) return logger.warn({ topic, offset: record.offset }, 'skipped a user.deleted record that is not a valid event');
      const report = await options.erase(event.data.data.userId);
      logger.info({ userId: event.data.data.userId, eventId: event.data.id, ...report }, 'erased a deleted user');
    },
  });
}
