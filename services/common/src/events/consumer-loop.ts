/**
 * Runs one consumer group over some topics. Records' own spans feed `lynk_kafka_messages_total`
 * (services/common storeCallRecorder), so this loop does not count them again. A record's offset is resolved only after its handler
 * finished, so a crash replays it (handlers are idempotent). A record that is not JSON is logged
 * and skipped: retrying cannot fix it. If Kafka is away at start, it keeps trying in the background.
 * A loop may instead take a partition's records a slice at a time (`handleRecords`), when one
 * store query for many records beats one per record; a slice's offsets are committed once it is done.
 */
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from '../logger.ts';
import { observeConsumerLag } from '../metrics/kafka-lag.ts';
import type { ServiceMetrics } from '../metrics/service-metrics.ts';
import { withRecordsTrace, withRecordTrace } from '../telemetry/kafka-record-trace.ts';

/** A record whose value parsed as JSON, as `handleRecords` receives it. */
export interface ConsumedRecord {
  value: unknown;
  record: KafkaMessage;
}

interface ConsumerLoopSettings {
  kafka: Kafka;
  groupId: string;
  topics: readonly string[];
  /** Where a brand-new group starts: the whole topic (a projection needs it), or only what comes next. */
  fromBeginning: boolean;
  /** Partitions handled at once; records of one partition (one key, e.g. one room) stay in order. */
  partitionsAtOnce?: number;
  logger: Logger;
  metrics: ServiceMetrics;
}

/** One record at a time. */
interface RecordHandler {
  handle(topic: string, value: unknown, record: KafkaMessage, heartbeat: () => Promise<void>): Promise<void>;
}

/** Up to `recordsAtOnce` consecutive records of one partition at a time, in offset order. */
interface RecordsHandler {
  recordsAtOnce: number;
  handleRecords(topic: string, records: ConsumedRecord[], heartbeat: () => Promise<void>): Promise<void>;
}

export type ConsumerLoopOptions = ConsumerLoopSettings & (RecordHandler | RecordsHandler);

export interface ConsumerLoop {
  consumer: Consumer;
  /** True once the group has been joined: records published from now on will be read. */
  hasJoined(): boolean;
  stop(): Promise<void>;
}

export function startConsumerLoop(options: ConsumerLoopOptions): ConsumerLoop {
  const { logger, metrics } = options;
  const consumer = options.kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 250, sessionTimeout: 10_000, heartbeatInterval: 3000, retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000 } });
  let stopped = false;
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));

  async function run(): Promise<void> {
    await consumer.connect();
    for (const topic of options.topics) await consumer.subscribe({ topic, fromBeginning: options.fromBeginning });
    await consumer.run({
      partitionsConsumedConcurrently: options.partitionsAtOnce ?? 1,
      // Only what the loop resolved is committed: a batch cut short by a rebalance is read again from there.
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
        if ('handleRecords' in options) {
          for (let start = 0; start < batch.messages.length; start += options.recordsAtOnce) {
            if (!isRunning() || isStale()) break;
            const slice = batch.messages.slice(start, start + options.recordsAtOnce);
            const records = slice.flatMap((record): ConsumedRecord[] => {
              try {
                return [{ value: JSON.parse(record.value?.toString() ?? 'null'), record }];
              } catch {
                logger.warn({ topic: batch.topic, offset: record.offset }, 'skipped a record that is not JSON');
                return [];
              }
            });
            if (records.length > 0) await withRecordsTrace(batch.topic, slice.map((record) => record.headers), () => options.handleRecords(batch.topic, records, heartbeat));
            const last = slice.at(-1)!.offset;
            resolveOffset(last);
            // Committed slice by slice, not only once the whole fetched batch is done, so a restart replays little.
            const next = { topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: String(Number(last) + 1) }] }] };
            await commitOffsetsIfNecessary(next).catch((error: unknown) => logger.warn({ err: error, group: options.groupId }, 'could not commit a slice; it is committed with the batch or replayed'));
            await heartbeat();
          }
          observeConsumerLag(metrics, options.groupId, batch);
          return;
        }
        for (const record of batch.messages) {
          if (!isRunning() || isStale()) break;
          await withRecordTrace(batch.topic, record.headers, async () => {
            let value: unknown;
            try {
              value = JSON.parse(record.value?.toString() ?? 'null');
            } catch {
              logger.warn({ topic: batch.topic, offset: record.offset }, 'skipped a record that is not JSON');
              return;
            }
            await options.handle(batch.topic, value, record, heartbeat);
          });
          resolveOffset(record.offset);
          await heartbeat();
        }
        observeConsumerLag(metrics, options.groupId, batch);
      },
    });
  }

  const starting = (async () => {
    for (let delayMs = 1000; !stopped; delayMs = Math.min(delayMs * 2, 30_000)) {
      try {
        await run();
        return;
      } catch (error) {
        logger.warn({ err: error, group: options.groupId, retryInMs: delayMs }, 'consumer could not start; retrying');
        await consumer.disconnect().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      }
    }
  })();

  return {
    consumer,
    hasJoined: () => joined,
    async stop() {
      stopped = true;
      await starting.catch(() => undefined);
      await consumer.disconnect().catch(() => undefined);
    },
  };
}
