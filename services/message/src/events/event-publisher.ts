/**
 * Gets queued events onto Kafka. A stored message's event is published at once, in the trace of
 * the request; when Kafka is away it stays in the Cassandra outbox, and the relay (one instance at
 * a time, by a Redis lease) sweeps old rows until Kafka takes them. At least once: consumers
 * de-duplicate on the event id.
 */
import { context, propagation } from '@opentelemetry/api';
import type { Redis } from 'ioredis';
import type { Producer } from 'kafkajs';
import type { Logger } from '@lynk/common';
import { minuteOf, outboxAddress, outboxShards, type EventOutboxStore, type OutboxRow, type QueuedEvent } from '../store/event-outbox.ts';

export interface EventPublisher {
  /** Publishes a stored event now; on failure the relay picks it up later. Never throws. */
  publishStored(queued: QueuedEvent): Promise<void>;
  stop(): Promise<void>;
}

interface PublisherOptions {
  producer: Producer;
  outbox: EventOutboxStore;
  redis: Redis;
  logger: Logger;
  instanceId: string;
  /** Rows younger than this are left to the request that wrote them. */
  graceMs?: number;
  sweepIntervalMs?: number;
  /** How far back a first sweep looks when no progress was ever recorded. */
  firstSweepMinutes?: number;
}

const leaseKey = 'message:outbox-relay:lease';
/** Set by an instance whose own publish of an event is slow, so the relay (maybe on another instance) leaves it alone. */
const publishingKey = (eventId: string) => `message:outbox-publishing:${eventId}`;
/** A publish slower than this announces itself; the relay only looks at rows older than the grace, well after. */
const slowPublishMs = 500;
/** The mark's value once Kafka has the event but its outbox row could not be removed. */
const publishedMark = 'published';

export function startEventPublisher(options: PublisherOptions): EventPublisher {
  const { producer, outbox, redis, logger } = options;
  const graceMs = options.graceMs ?? 3000;
  let stopped = false;
  let sweeping: Promise<void> | undefined;
  /** Events this instance is still trying to publish itself; the relay leaves them alone. */
  const inFlight = new Set<string>();
  /** After a failed publish, new events go straight to the relay for a while instead of piling up. */
  let kafkaAwayUntil = 0;

  const send = (row: { topic: string; key: string; payload: string }, traceContext: Record<string, string>) =>
    context.with(propagation.extract(context.active(), traceContext), () => producer.send({ topic: row.topic, acks: -1, messages: [{ key: row.key, value: row.payload }] }));

  async function holdLease(): Promise<boolean> {
    const ttlMs = String(Math.max((options.sweepIntervalMs ?? 1000) * 10, 30_000));
    const taken = await redis.set(leaseKey, options.instanceId, 'PX', ttlMs, 'NX');
    if (taken === 'OK') return true;
    if ((await redis.get(leaseKey)) !== options.instanceId) return false;
    await redis.pexpire(leaseKey, ttlMs);
    return true;
  }

  /**
   * Rows no instance is still publishing itself: this instance's in-flight ones and slow ones
   * announced in Redis are skipped; rows Kafka already has (their removal failed) are only removed.
   */
  async function unclaimed(rows: OutboxRow[]): Promise<OutboxRow[]> {
    const candidates = rows.filter((row) => !inFlight.has(row.id));
    if (candidates.length === 0) return [];
    const marks = await redis.mget(candidates.map((row) => publishingKey(row.id)));
    const alreadyPublished = candidates.filter((_, index) => marks[index] === publishedMark);
    if (alreadyPublished.length > 0) await outbox.remove(alreadyPublished);
    return candidates.filter((_, index) => marks[index] === null);
  }

  async function sweepPartition(minute: number, shard: number, beforeMs: number): Promise<boolean> {
    for (;;) {
      const pending = await outbox.pending(minute, shard, beforeMs, 200);
      const rows = await unclaimed(pending);
      if (rows.length === 0) return pending.length === 0;
      for (const row of rows) {
        // Another instance may have taken over a lease we lost while Kafka was slow: never sweep the same rows twice.
        if (stopped || !(await holdLease())) return false;
        await send(row, row.traceContext);
        await outbox.remove([row]);
      }
      logger.info({ minute, shard, published: rows.length }, 'outbox relay published events Kafka had not taken');
      if (stopped) return false;
    }
  }

  async function sweep(): Promise<void> {
    if (!(await holdLease())) return;
    const beforeMs = Date.now() - graceMs;
    const lastFullMinute = minuteOf(beforeMs) - 1;
    const startMinute = (await outbox.sweptBefore()) ?? minuteOf(beforeMs) - (options.firstSweepMinutes ?? 60);
    for (let minute = startMinute; minute <= minuteOf(beforeMs) && !stopped; minute++) {
      let emptied = true;
      for (let shard = 0; shard < outboxShards; shard++) emptied = (await sweepPartition(minute, shard, beforeMs)) && emptied;
      // A closed minute that is empty is never read again, so its tombstones cost nothing later.
      if (emptied && minute <= lastFullMinute) await outbox.setSweptBefore(minute + 1);
    }
  }

  const timer = setInterval(() => {
    if (sweeping || stopped) return;
    sweeping = sweep()
      .catch((error: unknown) => logger.warn({ err: error }, 'outbox relay could not publish; will retry'))
      .finally(() => (sweeping = undefined));
  }, options.sweepIntervalMs ?? 1000);
  timer.unref();

  return {
    async publishStored(queued) {
      if (Date.now() < kafkaAwayUntil || stopped) return;
      inFlight.add(queued.event.id);
      let announced: Promise<unknown> | undefined;
      const slow = setTimeout(() => (announced = redis.set(publishingKey(queued.event.id), options.instanceId, 'PX', 120_000).catch(() => undefined)), slowPublishMs);
      let published = false;
      try {
        await send({ topic: queued.event.type, key: queued.key, payload: JSON.stringify(queued.event) }, queued.traceContext);
        published = true;
        await outbox.remove([outboxAddress(queued)]);
      } catch (error) {
        clearTimeout(slow);
        if (published) {
          // Kafka has it but its outbox row stayed: tell the relay to drop the row, not to send it again.
          announced = undefined;
          await redis.set(publishingKey(queued.event.id), publishedMark, 'PX', 3_600_000).catch(() => undefined);
          logger.warn({ err: error, eventId: queued.event.id }, 'event published, its outbox row left for the relay to remove');
        } else {
          kafkaAwayUntil = Date.now() + graceMs;
          logger.warn({ err: error, eventId: queued.event.id }, 'event left in the outbox for the relay');
        }
      } finally {
        clearTimeout(slow);
        inFlight.delete(queued.event.id);
        if (announced) void announced.then(() => redis.del(publishingKey(queued.event.id))).catch(() => undefined);
      }
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await sweeping;
    },
  };
}
