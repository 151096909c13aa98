import type { MessageContext } from './message-context.ts';
import type { LiveRooms } from './live-rooms.ts';

/**
 * What follows every ended membership once its transaction commits: its events leave, the send
 * path forgets the permission, and the user's open sockets leave the room and are told why.
 */
export function afterMembershipEnded(context: MessageContext, roomId: string, userId: string, reason: Parameters<LiveRooms['memberRemoved']>[2]): void {
  void context.roomEvents.flush();
  context.sendPermissions.forget(roomId, userId);
  context.live.memberRemoved(roomId, userId, reason);
}
