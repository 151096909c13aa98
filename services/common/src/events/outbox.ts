/**
 * Transactional outbox: an event is written in the same Postgres transaction as the change it
 * describes, and a relay publishes it to Kafka afterwards. A committed change therefore always
 * gets its event (at least once; consumers de-duplicate on `id`), even if Kafka is down or the
 * process dies in between. Each service's schema has the `outbox` table (see its migrations).
 */
import { context, propagation } from '@opentelemetry/api';
import type { Producer } from 'kafkajs';
import type pg from 'pg';
import type { Logger } from '../logger.ts';
import type { LynkEvent } from './event-envelope.ts';

interface Queryable {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/** Queues `event` under `key` (room or user id) inside the caller's transaction. */
export async function enqueueEvent(client: Queryable, event: LynkEvent, key: string): Promise<void> {
  const traceContext: Record<string, string> = {};
  // The relay publishes later, outside this request: carry the trace so the event stays in it.
  propagation.inject(context.active(), traceContext);
  await client.query('INSERT INTO outbox (id, topic, key, payload, trace_context) VALUES ($1, $2, $3, $4, $5)', [event.id, event.type, key, event, traceContext]);
}

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  payload: unknown;
  trace_context: Record<string, string>;
}

export interface OutboxRelay {
  /** Publishes what is queued now; called after a commit so events leave without waiting for the poll. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function startOutboxRelay(options: { pool: pg.Pool; producer: Producer; logger: Logger; pollIntervalMs?: number; batchSize?: number }): OutboxRelay {
  const { pool, producer, logger } = options;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function publishBatch(): Promise<number> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // SKIP LOCKED lets several instances relay side by side without double work.
      const { rows } = await client.query<OutboxRow>(
        'SELECT id, topic, key, payload, trace_context FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED',
        [options.batchSize ?? 100],
      );
      for (const row of rows) {
        const parent = propagation.extract(context.active(), row.trace_context);
        await context.with(parent, () => producer.send({ topic: row.topic, acks: -1, messages: [{ key: row.key, value: JSON.stringify(row.payload) }] }));
      }
      if (rows.length > 0) await client.query('DELETE FROM outbox WHERE id = ANY($1::uuid[])', [rows.map((row) => row.id)]);
      await client.query('COMMIT');
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      try {
        while ((await publishBatch()) > 0 && !stopped);
      } catch (error) {
        logger.warn({ err: error }, 'outbox relay could not publish; will retry');
      }
    } while (again && !stopped);
  }

  function flush(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = drain().finally(() => (running = undefined));
    return running;
  }

  const timer = setInterval(() => void flush(), options.pollIntervalMs ?? 1000);
  timer.unref();
  return {
    flush,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
