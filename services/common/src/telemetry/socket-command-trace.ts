import { SpanKind, trace } from '@opentelemetry/api';
import { endingSpan } from './ending-span.ts';

const tracer = trace.getTracer('@lynk/common/socket.io');

/**
 * Runs one client command of a Socket.IO namespace in a `receive <namespace>` span, named and
 * attributed like the socket.io instrumentation's own, so store calls and published events hang
 * under it. For servers that dispatch commands from one place instead of a listener per event
 * (which the instrumentation wraps, one wrapper per event per socket). The span lasts until the
 * command has answered.
 */
export function tracedSocketCommand<T>(namespace: string, event: string, work: () => Promise<T>): Promise<T> {
  const attributes = { 'messaging.system': 'socket.io', 'messaging.destination': namespace, 'messaging.operation': 'receive', 'messaging.socket.io.event_name': event };
  return tracer.startActiveSpan(`receive ${namespace}`, { kind: SpanKind.CONSUMER, attributes }, (span) => endingSpan(span, work));
}
