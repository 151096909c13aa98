import type { Queryable } from '@lynk/common/store';
import { messageErrors } from '../domain/message-errors.ts';
import { findMembership, type Membership } from '../store/member-repository.ts';
import { findRoom, type Room } from '../store/room-repository.ts';

/** The room and the caller's membership, or the error a non-member or a missing room gets. */
export async function requireMembership(db: Queryable, roomId: string, userId: string, options: { forUpdate?: boolean } = {}): Promise<{ room: Room; membership: Membership }> {
  const room = await findRoom(db, roomId, options);
  if (!room) messageErrors.raise('ROOM_NOT_FOUND');
  const membership = await findMembership(db, roomId, userId, options);
  if (!membership) messageErrors.raise('ROOM_NOT_MEMBER');
  return { room, membership };
}

export async function requireMember(db: Queryable, roomId: string, userId: string): Promise<Membership> {
  const membership = await findMembership(db, roomId, userId);
  if (!membership) messageErrors.raise('ROOM_NOT_MEMBER');
  return membership;
}
