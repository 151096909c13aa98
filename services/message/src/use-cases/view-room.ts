import { messageErrors } from '../domain/message-errors.ts';
import { findMembership, listMembers } from '../store/member-repository.ts';
import { findRoom } from '../store/room-repository.ts';
import type { MessageContext } from './message-context.ts';
import { requireMember } from './room-access.ts';
import { roomView, type RoomView } from './room-view.ts';

/** A room's details: public rooms show themselves to anyone, others only to their members. */
export async function viewRoom(context: MessageContext, userId: string, roomId: string): Promise<RoomView> {
  const room = await findRoom(context.pool, roomId);
  if (!room || (room.visibility !== 'public' && !(await findMembership(context.pool, roomId, userId)))) messageErrors.raise('ROOM_NOT_FOUND');
  return roomView(room);
}

export interface MemberView {
  userId: string;
  role: string;
  joinedAt: string;
}

/** Members of a room, by user id, for its members only. */
export async function listRoomMembers(context: MessageContext, userId: string, roomId: string, page: { afterUserId?: string; limit: number }): Promise<MemberView[]> {
  await requireMember(context.pool, roomId, userId);
  const members = await listMembers(context.pool, roomId, page);
  return members.map((member) => ({ userId: member.userId, role: member.role, joinedAt: member.joinedAt.toISOString() }));
}
