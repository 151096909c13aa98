import type { SendPermissionCache } from '../use-cases/send-permission-cache.ts';
import type { ChatServer } from './socket-types.ts';

/**
 * Every instance caches send permissions, and the member's socket may sit on any of them, so a
 * forget is told to the other instances too (Redis adapter), not just done here.
 */
export function clusterWideSendPermissions(local: SendPermissionCache, io: ChatServer): SendPermissionCache {
  io.on('send-permission:forget', ({ roomId, userId }) => (userId ? local.forget(roomId, userId) : local.forgetRoom(roomId)));
  return {
    get: (roomId, userId) => local.get(roomId, userId),
    remember: (userId, permission, lookedUpAt) => local.remember(userId, permission, lookedUpAt),
    forget(roomId, userId) {
      local.forget(roomId, userId);
      io.serverSideEmit('send-permission:forget', { roomId, userId });
    },
    forgetRoom(roomId) {
      local.forgetRoom(roomId);
      io.serverSideEmit('send-permission:forget', { roomId, userId: null });
    },
  };
}
