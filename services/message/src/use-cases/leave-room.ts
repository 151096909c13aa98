import { inTransaction } from '@lynk/common/store';
import { messageErrors } from '../domain/message-errors.ts';
import { countOwners, deleteMember } from '../store/member-repository.ts';
import { freeSeat } from '../store/room-repository.ts';
import type { MessageContext } from './message-context.ts';
import { afterMembershipEnded } from './membership-ended.ts';
import { requireMembership } from './room-access.ts';
import { queueRoomEvent } from './room-events.ts';

export async function leaveRoom(context: MessageContext, userId: string, roomId: string): Promise<void> {
  await inTransaction(context.pool, async (db) => {
    const { room, membership } = await requireMembership(db, roomId, userId, { forUpdate: true });
    if (room.kind === 'direct') messageErrors.raise('DM_NOT_ALLOWED', 'a direct conversation cannot be left; block the person instead');
    if (membership.role === 'owner' && (await countOwners(db, roomId)) <= 1) messageErrors.raise('ROOM_LAST_OWNER');
    await deleteMember(db, roomId, userId);
    await freeSeat(db, roomId);
    await queueRoomEvent(db, 'room.member.left', roomId, { roomId, userId, reason: 'left', actorId: userId });
  });
  afterMembershipEnded(context, roomId, userId, 'left');
}
