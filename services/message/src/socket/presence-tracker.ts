/**
 * Keeps each connection's presence in Redis and tells the people who share a room with the user
 * when the user's status changes. Every device counts: one disconnecting leaves the user online
 * while another is connected. This instance renews its connections; if it dies they expire.
 */
import type { Logger } from '@lynk/common';
import type { DeviceStatus } from '../domain/presence-status.ts';
import type { PresenceChange, PresenceStore } from '../store/presence-store.ts';
import type { ChatServer, ChatSocket } from './socket-types.ts';

export interface PresenceTracker {
  connected(socket: ChatSocket): Promise<void>;
  setStatus(socket: ChatSocket, status: DeviceStatus): Promise<void>;
  /** Call while the socket still knows its rooms (`disconnecting`). */
  disconnecting(socket: ChatSocket): Promise<void>;
  stop(): void;
}

/** The chat-room channels a socket is in: exactly the people who may see this user's presence. */
const roomChannelsOf = (socket: ChatSocket) => [...socket.rooms].filter((channel) => channel.startsWith('room:'));

export function startPresenceTracker(io: ChatServer, presence: PresenceStore, logger: Logger, options: { renewEveryMs: number }): PresenceTracker {
  const statusOf = new WeakMap<ChatSocket, DeviceStatus>();
  const announce = (userId: string, channels: string[], change: PresenceChange) => {
    if (change.before === change.after || channels.length === 0) return;
    io.to(channels).emit('presence:updated', { userId, status: change.after });
  };

  // One renewal at a time: when Redis is slow, overlapping renewals would pile up in memory.
  let renewing = false;
  const timer = setInterval(() => {
    if (renewing) return;
    renewing = true;
    const connections = [...io.of('/').sockets.values()].map((socket) => ({ userId: socket.data.userId, connectionId: socket.id, status: statusOf.get(socket) ?? 'online' }));
    presence
      .renew(connections)
      .catch((error: unknown) => logger.warn({ err: error }, 'presence renewal failed; connections may show offline until the next one'))
      .finally(() => (renewing = false));
  }, options.renewEveryMs);
  timer.unref();

  return {
    async connected(socket) {
      statusOf.set(socket, 'online');
      announce(socket.data.userId, roomChannelsOf(socket), await presence.up(socket.data.userId, socket.id, 'online'));
    },
    async setStatus(socket, status) {
      statusOf.set(socket, status);
      announce(socket.data.userId, roomChannelsOf(socket), await presence.up(socket.data.userId, socket.id, status));
    },
    async disconnecting(socket) {
      const channels = roomChannelsOf(socket);
      announce(socket.data.userId, channels, await presence.down(socket.data.userId, socket.id));
    },
    stop() {
      clearInterval(timer);
    },
  };
}
