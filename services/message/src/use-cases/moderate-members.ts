/** Adding, removing and kicking members, and changing their roles: always checked against the actor's rank. */
import { inTransaction } from '@lynk/common/store';
import { messageErrors } from '../domain/message-errors.ts';
import { assertCanActOn, assertCanGrant, assertCanPerform } from '../domain/room-permissions.ts';
import type { RoomRole } from '../domain/room-role.ts';
import { deleteMember, findMembership, setMemberRole } from '../store/member-repository.ts';
import { findRoom, freeSeat } from '../store/room-repository.ts';
import { admitMember } from './join-room.ts';
import type { MessageContext } from './message-context.ts';
import { afterMembershipEnded } from './membership-ended.ts';
import { requireMembership } from './room-access.ts';
import { queueRoomEvent } from './room-events.ts';

/** A moderator or above adds someone directly; the seat limit and bans still apply. */
export async function addMember(context: MessageContext, actorId: string, roomId: string, userId: string): Promise<void> {
  await inTransaction(context.pool, async (db) => {
    const { membership } = await requireMembership(db, roomId, actorId);
    assertCanPerform(membership.role, 'add-member');
    const room = await findRoom(db, roomId);
    await admitMember(db, room!, userId, { role: 'member', via: 'added', actorId });
  });
  void context.roomEvents.flush();
  context.live.memberJoined(roomId, userId);
}

/** Remove (admin and above) and kick (moderator and above) both end a membership now; they differ in who may do it. */
export async function removeMember(context: MessageContext, actorId: string, roomId: string, userId: string, reason: 'removed' | 'kicked'): Promise<void> {
  await inTransaction(context.pool, async (db) => {
    const { membership: actor } = await requireMembership(db, roomId, actorId, { forUpdate: true });
    const target = await findMembership(db, roomId, userId, { forUpdate: true });
    if (!target) messageErrors.raise('ROOM_MEMBER_NOT_FOUND');
    assertCanActOn(actor.role, reason === 'kicked' ? 'kick' : 'remove-member', target.role);
    await deleteMember(db, roomId, userId);
    await freeSeat(db, roomId);
    await queueRoomEvent(db, 'room.member.left', roomId, { roomId, userId, reason, actorId });
  });
  afterMembershipEnded(context, roomId, userId, reason);
}

export async function changeMemberRole(context: MessageContext, actorId: string, roomId: string, userId: string, role: RoomRole): Promise<void> {
  await inTransaction(context.pool, async (db) => {
    const { membership: actor } = await requireMembership(db, roomId, actorId, { forUpdate: true });
    const target = await findMembership(db, roomId, userId, { forUpdate: true });
    if (!target) messageErrors.raise('ROOM_MEMBER_NOT_FOUND');
    assertCanGrant(actor.role, target.role, role);
    await setMemberRole(db, roomId, userId, role);
    await queueRoomEvent(db, 'room.member.updated', roomId, { roomId, userId, role, actorId });
  });
  void context.roomEvents.flush();
}

/** The owner hands ownership to another member and becomes an admin. */
export async function transferOwnership(context: MessageContext, actorId: string, roomId: string, newOwnerId: string): Promise<void> {
  await inTransaction(context.pool, async (db) => {
    const { membership: actor } = await requireMembership(db, roomId, actorId, { forUpdate: true });
    assertCanPerform(actor.role, 'transfer-ownership');
    if (newOwnerId === actorId) messageErrors.raise('ROOM_FORBIDDEN', 'you already own the room');
    const target = await findMembership(db, roomId, newOwnerId, { forUpdate: true });
    if (!target) messageErrors.raise('ROOM_MEMBER_NOT_FOUND');
    await setMemberRole(db, roomId, newOwnerId, 'owner');
    await setMemberRole(db, roomId, actorId, 'admin');
    await queueRoomEvent(db, 'room.member.updated', roomId, { roomId, userId: newOwnerId, role: 'owner', actorId });
    await queueRoomEvent(db, 'room.member.updated', roomId, { roomId, userId: actorId, role: 'admin', actorId });
  });
  void context.roomEvents.flush();
}
