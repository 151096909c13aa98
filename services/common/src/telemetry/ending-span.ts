import { SpanStatusCode, type Span } from '@opentelemetry/api';

/** Runs `work`, records a failure on `span`, and ends the span once the work has settled either way. */
export async function endingSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
