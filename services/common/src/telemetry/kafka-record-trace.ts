/**
 * Continues a producer's trace in a consumer. The kafkajs instrumentation injects W3C trace
 * context into every record's headers; with `eachBatch` it only links the records to a new
 * trace, so each record's handling runs here as a child span of the span that published it.
 */
import { context, propagation, SpanKind, trace, type Link, type TextMapGetter } from '@opentelemetry/api';
import { endingSpan } from './ending-span.ts';

type RecordHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

const headerGetter: TextMapGetter<RecordHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => {
    const value = headers[key];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  },
};

const tracer = trace.getTracer('@lynk/common/kafka');

/** Runs `work` in a `handle <topic>` span whose parent is the record's producer span. */
export async function withRecordTrace<T>(topic: string, headers: RecordHeaders | undefined, work: () => Promise<T>): Promise<T> {
  const parent = propagation.extract(context.active(), headers ?? {}, headerGetter);
  return tracer.startActiveSpan(`handle ${topic}`, { kind: SpanKind.CONSUMER, attributes: { 'lynk.kafka.topic': topic } }, parent, (span) => endingSpan(span, work));
}

/** Runs `work` for several records in one `handle <topic>` span linked to each record's producer span (a span has one parent). */
export async function withRecordsTrace<T>(topic: string, headersOfRecords: readonly (RecordHeaders | undefined)[], work: () => Promise<T>): Promise<T> {
  const links = headersOfRecords.flatMap((headers): Link[] => {
    const producer = trace.getSpanContext(propagation.extract(context.active(), headers ?? {}, headerGetter));
    return producer ? [{ context: producer }] : [];
  });
  const attributes = { 'lynk.kafka.topic': topic, 'lynk.kafka.records': headersOfRecords.length };
  return tracer.startActiveSpan(`handle ${topic}`, { kind: SpanKind.CONSUMER, attributes, links }, context.active(), (span) => endingSpan(span, work));
}
