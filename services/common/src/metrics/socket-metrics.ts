import type { ServiceMetrics } from './service-metrics.ts';

/** The part of a Socket.IO server these metrics need, so common does not depend on socket.io. */
interface SocketServerLike {
  on(event: 'connection', listener: (socket: SocketLike) => void): unknown;
}
interface SocketLike {
  on(event: 'disconnect', listener: () => void): unknown;
  use(middleware: (packet: unknown[], next: (error?: Error) => void) => void): unknown;
}

/** Outcome of an acknowledgement: `ok`, or the stable error code it carries. */
function ackOutcome(reply: unknown): string {
  if (reply && typeof reply === 'object' && 'error' in reply) {
    const error = (reply as { error?: { code?: unknown } }).error;
    return typeof error?.code === 'string' ? error.code : 'error';
  }
  return 'ok';
}

/**
 * Counts open sockets and times each client command until its acknowledgement. The listener and
 * the middleware are made once and shared by every socket: an idle socket pays for neither.
 */
export function instrumentSocketServer(io: SocketServerLike, metrics: ServiceMetrics): void {
  const countDisconnect = () => metrics.socketConnections.dec();
  const timeAcknowledgement = (packet: unknown[], next: (error?: Error) => void) => {
    const [event, ...args] = packet;
    const ack = args.at(-1);
    if (typeof event === 'string' && typeof ack === 'function') {
      const stopTimer = metrics.socketEventDuration.startTimer({ event });
      packet[packet.length - 1] = (...reply: unknown[]) => {
        stopTimer({ outcome: ackOutcome(reply[0]) });
        (ack as (...values: unknown[]) => void)(...reply);
      };
    }
    next();
  };
  io.on('connection', (socket) => {
    metrics.socketConnections.inc();
    socket.on('disconnect', countDisconnect);
    socket.use(timeAcknowledgement);
  });
}
