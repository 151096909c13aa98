import { context as otelContext, propagation } from '@opentelemetry/api';
import { createEvent } from '@lynk/common/events';
import type { QueuedEvent } from '../store/event-outbox.ts';

/** An event ready for the outbox, keyed by room, carrying the trace of the request that caused it. */
export function queuedRoomEvent<Data>(type: string, roomId: string, data: Data): QueuedEvent {
  const traceContext: Record<string, string> = {};
  propagation.inject(otelContext.active(), traceContext);
  return { key: roomId, traceContext, event: createEvent(type, data) };
}
