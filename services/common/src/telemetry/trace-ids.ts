import { isSpanContextValid, trace } from '@opentelemetry/api';

/** The active span's ids in the names log search expects; empty outside any span. */
export function currentTraceIds(): { trace_id?: string; span_id?: string } {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !isSpanContextValid(context)) return {};
  return { trace_id: context.traceId, span_id: context.spanId };
}
