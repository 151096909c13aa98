/**
 * Store latency and Kafka counts from the spans the instrumentations already make, so no
 * repository has to time its own calls. Only recorded spans count: with a sampler below 100%,
 * switch it to record-only for unsampled traces to keep these figures whole.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ServiceMetrics } from './service-metrics.ts';

const storeNames: Record<string, string> = { postgresql: 'postgres', redis: 'redis', cassandra: 'cassandra' };

function attribute(span: ReadableSpan, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = span.attributes[name];
    if (value !== undefined) return String(value);
  }
  return undefined;
}

function durationSeconds(span: ReadableSpan): number {
  const [seconds, nanos] = span.duration;
  return seconds + nanos / 1e9;
}

/** `pg.query:SELECT auth` -> SELECT, `pg-pool.connect` -> connect, `get` -> get. */
function operationFromSpanName(name: string): string {
  const first = name.split(' ')[0] ?? name;
  return (first.includes(':') ? first.split(':')[1] : first.split('.').at(-1)) || 'unknown';
}

export function storeCallRecorder(metrics: ServiceMetrics): SpanProcessor {
  return {
    onStart: () => undefined,
    onEnd: (span) => {
      const outcome = span.status.code === SpanStatusCode.ERROR ? 'error' : 'ok';
      const messaging = attribute(span, 'messaging.system');
      // A batch makes one `receive` span and one `process` span per record: count the records.
      const isRecordProcessed = span.kind === SpanKind.CONSUMER && attribute(span, 'messaging.operation.type', 'messaging.operation') === 'process';
      if (messaging === 'kafka' && (span.kind === SpanKind.PRODUCER || isRecordProcessed)) {
        const topic = attribute(span, 'messaging.destination.name', 'messaging.destination') ?? 'unknown';
        metrics.kafkaMessages.inc({ direction: span.kind === SpanKind.PRODUCER ? 'publish' : 'consume', topic, outcome });
        return;
      }
      const system = attribute(span, 'db.system.name', 'db.system');
      if (span.kind !== SpanKind.CLIENT || !system) return;
      const operation = attribute(span, 'db.operation.name', 'db.operation') ?? operationFromSpanName(span.name);
      metrics.storeCallDuration.observe({ store: storeNames[system] ?? system, operation: operation.toLowerCase(), outcome }, durationSeconds(span));
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}
