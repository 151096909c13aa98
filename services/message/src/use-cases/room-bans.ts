import { common } from '@lynk/common';
import { inTransaction } from '@lynk/common/store';
import { messageErrors } from '../domain/message-errors.ts';
import { assertCanActOn, assertCanPerform } from '../domain/room-permissions.ts';
import { deleteBan, listActiveBans, upsertBan, type RoomBan } from '../store/ban-repository.ts';
import { deleteMember, findMembership } from '../store/member-repository.ts';
import { freeSeat } from '../store/room-repository.ts';
import type { MessageContext } from './message-context.ts';
import { afterMembershipEnded } from './membership-ended.ts';
import { requireMembership } from './room-access.ts';
import { queueRoomEvent } from './room-events.ts';

/** Bans end the membership now and keep the user out until the ban expires or is lifted. */
export async function banUser(context: MessageContext, actorId: string, roomId: string, ban: { userId: string; reason: string; expiresAt: Date | null }): Promise<void> {
  if (ban.expiresAt && ban.expiresAt.getTime() <= Date.now()) common.raise('COMMON_VALIDATION_FAILED', 'expiresAt must be in the future');
  let wasMember = false;
  await inTransaction(context.pool, async (db) => {
    const { membership: actor } = await requireMembership(db, roomId, actorId, { forUpdate: true });
    if (ban.userId === actorId) messageErrors.raise('ROOM_FORBIDDEN', 'you cannot ban yourself');
    const target = await findMembership(db, roomId, ban.userId, { forUpdate: true });
    // A non-member can be banned pre-emptively; a member only by someone who outranks them.
    if (target) assertCanActOn(actor.role, 'ban', target.role);
    else assertCanPerform(actor.role, 'ban');
    await upsertBan(db, roomId, { userId: ban.userId, bannedBy: actorId, reason: ban.reason, expiresAt: ban.expiresAt });
    if (target) {
      wasMember = true;
      await deleteMember(db, roomId, ban.userId);
      await freeSeat(db, roomId);
      await queueRoomEvent(db, 'room.member.left', roomId, { roomId, userId: ban.userId, reason: 'banned', actorId });
    }
    await queueRoomEvent(db, 'room.member.banned', roomId, { roomId, userId: ban.userId, expiresAt: ban.expiresAt?.toISOString() ?? null, actorId });
  });
  if (wasMember) afterMembershipEnded(context, roomId, ban.userId, 'banned');
  else void context.roomEvents.flush();
}

export async function unbanUser(context: MessageContext, actorId: string, roomId: string, userId: string): Promise<void> {
  await inTransaction(context.pool, async (db) => {
    const { membership: actor } = await requireMembership(db, roomId, actorId);
    assertCanPerform(actor.role, 'unban');
    if (!(await deleteBan(db, roomId, userId))) messageErrors.raise('ROOM_BAN_NOT_FOUND');
    await queueRoomEvent(db, 'room.member.unbanned', roomId, { roomId, userId, actorId });
  });
  void context.roomEvents.flush();
}

export async function listBans(context: MessageContext, actorId: string, roomId: string): Promise<RoomBan[]> {
  const { membership } = await requireMembership(context.pool, roomId, actorId);
  assertCanPerform(membership.role, 'ban');
  return listActiveBans(context.pool, roomId);
}
