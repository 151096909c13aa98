import { inTransaction, type Queryable } from '@lynk/common/store';
import type { RoomRole } from '../domain/room-role.ts';
import { messageErrors } from '../domain/message-errors.ts';
import { activeBan } from '../store/ban-repository.ts';
import { countInviteUse, findInviteByCodeForUpdate } from '../store/invite-repository.ts';
import { findMembership, insertMember } from '../store/member-repository.ts';
import { findRoom, takeSeat, type Room } from '../store/room-repository.ts';
import type { MessageContext } from './message-context.ts';
import { queueRoomEvent } from './room-events.ts';
import { roomView, type RoomView } from './room-view.ts';

/**
 * Seats a user in a room inside the caller's transaction: not banned, not already in, and a seat
 * free. `takeSeat` locks the room row, so racing joins for the last seat queue up behind it.
 */
export async function admitMember(db: Queryable, room: Room, userId: string, options: { role: RoomRole; via: 'joined' | 'invite' | 'added'; actorId: string }): Promise<void> {
  if (await activeBan(db, room.id, userId)) messageErrors.raise('ROOM_BANNED');
  if (await findMembership(db, room.id, userId)) messageErrors.raise('ROOM_ALREADY_MEMBER');
  if (!(await takeSeat(db, room.id))) messageErrors.raise('ROOM_FULL', `the room allows ${room.maxMembers} members`);
  await insertMember(db, room.id, userId, options.role);
  await queueRoomEvent(db, 'room.member.joined', room.id, { roomId: room.id, userId, role: options.role, via: options.via, actorId: options.actorId });
}

function afterJoin(context: MessageContext, roomId: string, userId: string): void {
  void context.roomEvents.flush();
  context.live.memberJoined(roomId, userId);
}

/** Public rooms only; private and invite-only rooms need an invite. */
export async function joinPublicRoom(context: MessageContext, userId: string, roomId: string): Promise<RoomView> {
  const room = await inTransaction(context.pool, async (db) => {
    const room = await findRoom(db, roomId);
    if (!room) messageErrors.raise('ROOM_NOT_FOUND');
    if (room.visibility !== 'public') messageErrors.raise('ROOM_INVITE_REQUIRED');
    await admitMember(db, room, userId, { role: 'member', via: 'joined', actorId: userId });
    return (await findRoom(db, roomId))!;
  });
  afterJoin(context, roomId, userId);
  return roomView(room);
}

/** Redeems an invite: the invite row is locked, so its uses are counted exactly under concurrency. */
export async function joinWithInvite(context: MessageContext, userId: string, code: string): Promise<RoomView> {
  const room = await inTransaction(context.pool, async (db) => {
    const invite = await findInviteByCodeForUpdate(db, code);
    if (!invite) messageErrors.raise('INVITE_NOT_FOUND');
    if (invite.revokedAt) messageErrors.raise('INVITE_REVOKED');
    if (invite.expiresAt.getTime() <= Date.now()) messageErrors.raise('INVITE_EXPIRED');
    if (invite.uses >= invite.maxUses) messageErrors.raise('INVITE_USED_UP');
    const room = await findRoom(db, invite.roomId);
    if (!room) messageErrors.raise('ROOM_NOT_FOUND');
    await admitMember(db, room, userId, { role: 'member', via: 'invite', actorId: invite.createdBy });
    await countInviteUse(db, invite.id);
    return (await findRoom(db, room.id))!;
  });
  afterJoin(context, room.id, userId);
  return roomView(room);
}
