/**
 * The message service's outbox lives in Cassandra beside the messages, so a message and its
 * event are written in one logged batch. Rows are spread over (minute, shard) partitions: a
 * partition is swept once it is old, and its tombstones are never read again.
 */
import { createHash } from 'node:crypto';
import type cassandraDriver from 'cassandra-driver';
import type { LynkEvent } from '@lynk/common/events';
import { uuidv7Time } from '../domain/time-bucket.ts';

export const outboxShards = 8;

export interface QueuedEvent {
  event: LynkEvent;
  /** Kafka key (room or user id): events of one key stay in order. */
  key: string;
  /** W3C trace headers of the request that caused the event. */
  traceContext: Record<string, string>;
}

export const minuteOf = (epochMs: number) => Math.floor(epochMs / 60_000);

function shardOf(key: string): number {
  return createHash('sha1').update(key).digest().readUInt16BE(0) % outboxShards;
}

export function outboxInsert(queued: QueuedEvent): { query: string; params: unknown[] } {
  return {
    query: 'INSERT INTO event_outbox (minute, shard, id, topic, event_key, payload, trace_context) VALUES (?, ?, ?, ?, ?, ?, ?)',
    params: [minuteOf(uuidv7Time(queued.event.id)), shardOf(queued.key), queued.event.id, queued.event.type, queued.key, JSON.stringify(queued.event), queued.traceContext],
  };
}

/** Where a queued event's outbox row lives, to delete it once Kafka has the event. */
export function outboxAddress(queued: QueuedEvent): Pick<OutboxRow, 'minute' | 'shard' | 'id'> {
  return { minute: minuteOf(uuidv7Time(queued.event.id)), shard: shardOf(queued.key), id: queued.event.id };
}

export interface OutboxRow {
  minute: number;
  shard: number;
  id: string;
  topic: string;
  key: string;
  payload: string;
  traceContext: Record<string, string>;
}

/** The smallest UUIDv7 of a millisecond: rows with a smaller id were created before it. */
export function uuidv7Floor(epochMs: number): string {
  const hex = epochMs.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}

export interface EventOutboxStore {
  /** Rows of one partition created before `before` (epoch ms), oldest first. */
  pending(minute: number, shard: number, beforeMs: number, limit: number): Promise<OutboxRow[]>;
  remove(rows: readonly Pick<OutboxRow, 'minute' | 'shard' | 'id'>[]): Promise<void>;
  sweptBefore(): Promise<number | undefined>;
  setSweptBefore(minute: number): Promise<void>;
}

export function cassandraEventOutbox(client: cassandraDriver.Client): EventOutboxStore {
  return {
    async pending(minute, shard, beforeMs, limit) {
      const result = await client.execute(
        'SELECT minute, shard, id, topic, event_key, payload, trace_context FROM event_outbox WHERE minute = ? AND shard = ? AND id < ? LIMIT ?',
        [minute, shard, uuidv7Floor(beforeMs), limit],
        { prepare: true },
      );
      return result.rows.map((row) => ({
        minute: Number(row.get('minute')),
        shard: Number(row.get('shard')),
        id: String(row.get('id')),
        topic: String(row.get('topic')),
        key: String(row.get('event_key')),
        payload: String(row.get('payload')),
        traceContext: (row.get('trace_context') as Record<string, string> | null) ?? {},
      }));
    },
    async remove(rows) {
      await Promise.all(rows.map((row) => client.execute('DELETE FROM event_outbox WHERE minute = ? AND shard = ? AND id = ?', [row.minute, row.shard, row.id], { prepare: true })));
    },
    async sweptBefore() {
      const result = await client.execute("SELECT swept_before_minute FROM outbox_progress WHERE name = 'relay'", [], { prepare: true });
      const value = result.rows[0]?.get('swept_before_minute');
      return value == null ? undefined : Number(value);
    },
    async setSweptBefore(minute) {
      await client.execute("INSERT INTO outbox_progress (name, swept_before_minute) VALUES ('relay', ?)", [minute], { prepare: true });
    },
  };
}
