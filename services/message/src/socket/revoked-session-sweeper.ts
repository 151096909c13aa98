import type { Redis } from 'ioredis';
import type { Logger } from '@lynk/common';
import { revokedSessionKeyPrefix } from '@lynk/common/auth-revocation';
import type { ChatServer } from './socket-types.ts';

/**
 * A signed-out session must not keep its open sockets. Every `intervalMs` the sessions behind this
 * instance's sockets are checked against auth's revocation marks (one MGET per 500 sessions), and
 * revoked ones are told and disconnected.
 */
export function startRevokedSessionSweeper(options: { io: ChatServer; redis: Redis; logger: Logger; intervalMs: number }): { stop(): void } {
  const { io, redis, logger } = options;
  let running = false;

  async function sweep(): Promise<void> {
    const socketsBySession = new Map<string, string[]>();
    for (const socket of io.sockets.sockets.values()) {
      const ids = socketsBySession.get(socket.data.sessionId) ?? [];
      ids.push(socket.id);
      socketsBySession.set(socket.data.sessionId, ids);
    }
    const sessionIds = [...socketsBySession.keys()];
    for (let start = 0; start < sessionIds.length; start += 500) {
      const chunk = sessionIds.slice(start, start + 500);
      const marks = await redis.mget(chunk.map((sessionId) => `${revokedSessionKeyPrefix}${sessionId}`));
      chunk.forEach((sessionId, index) => {
        if (marks[index] === null) return;
        for (const socketId of socketsBySession.get(sessionId) ?? []) {
          const socket = io.sockets.sockets.get(socketId);
          socket?.emit('session:revoked');
          socket?.disconnect(true);
        }
        logger.info({ sessionId }, 'disconnected the sockets of a revoked session');
      });
    }
  }

  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweep()
      .catch((error: unknown) => logger.warn({ err: error }, 'revoked-session sweep failed; retrying'))
      .finally(() => (running = false));
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
