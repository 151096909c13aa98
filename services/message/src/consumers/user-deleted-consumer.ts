/**
 * Reads `user.deleted` and erases the user's part of chat. Offsets are committed only after an
 * erasure finished, so a crash replays the event, and erasure is idempotent. A record that is not
 * a valid event is logged and skipped: it can never become valid by retrying.
 */
import type { Kafka } from 'kafkajs';
import type { Logger } from '@lynk/common';
import { userDeletedEvent } from '@lynk/common/events';
import type { ServiceMetrics } from '@lynk/common/metrics';
import { observeConsumerLag } from '@lynk/common/metrics';
import { withRecordTrace } from '@lynk/common/telemetry';
import { eraseUser } from '../use-cases/erase-user.ts';
import type { MessageContext } from '../use-cases/message-context.ts';

export const userDeletedGroup = 'message-user-deleted';

export function startUserDeletedConsumer(kafka: Kafka, context: MessageContext, metrics: ServiceMetrics, logger: Logger): { stop: () => Promise<void> } {
  const consumer = kafka.consumer({ groupId: userDeletedGroup, maxWaitTimeInMs: 250, retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000 } });
  let stopped = false;

  async function run(): Promise<void> {
    await consumer.connect();
    // A new group starts at the beginning: erasures requested before this service first ran still happen.
    await consumer.subscribe({ topic: 'user.deleted', fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        for (const record of batch.messages) {
          await withRecordTrace(batch.topic, record.headers, async () => {
            const parsed = userDeletedEvent.safeParse(JSON.parse(record.value?.toString() ?? 'null'));
            if (!parsed.success) {
              logger.warn({ offset: record.offset, partition: batch.partition }, 'skipped a user.deleted record that is not a valid event');
              return;
            }
            const report = await eraseUser(context, parsed.data.data.userId);
            logger.info({ userId: parsed.data.data.userId, eventId: parsed.data.id, ...report }, 'erased a deleted user from chat');
          }).catch((error: unknown) => {
            if (error instanceof SyntaxError) logger.warn({ offset: record.offset }, 'skipped a user.deleted record that is not JSON');
            else throw error;
          });
          resolveOffset(record.offset);
          await heartbeat();
        }
        observeConsumerLag(metrics, userDeletedGroup, batch);
      },
    });
  }

  const starting = (async () => {
    // Kafka may be away at start; chat works without it, and erasure catches up once it is back.
    for (let delayMs = 1000; !stopped; delayMs = Math.min(delayMs * 2, 30_000)) {
      try {
        await run();
        return;
      } catch (error) {
        logger.warn({ err: error, retryInMs: delayMs }, 'user.deleted consumer could not start; retrying');
        await consumer.disconnect().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      await starting.catch(() => undefined);
      await consumer.disconnect().catch(() => undefined);
    },
  };
}
