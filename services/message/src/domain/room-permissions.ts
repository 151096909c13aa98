/**
 * Who may do what in a room. Every use case asks here, so the rules live in one place and
 * routes or socket handlers never decide on their own.
 */
import { messageErrors } from './message-errors.ts';
import { atLeast, outranks, type RoomRole } from './room-role.ts';

export type RoomAction = 'update-room' | 'delete-room' | 'add-member' | 'remove-member' | 'change-role' | 'kick' | 'ban' | 'unban' | 'manage-invites' | 'transfer-ownership' | 'delete-any-message';

/** The lowest role allowed to perform each action. */
const minimumRole: Record<RoomAction, RoomRole> = {
  'update-room': 'admin',
  'delete-room': 'owner',
  'add-member': 'moderator',
  'remove-member': 'admin',
  'change-role': 'admin',
  kick: 'moderator',
  ban: 'moderator',
  unban: 'moderator',
  'manage-invites': 'moderator',
  'transfer-ownership': 'owner',
  'delete-any-message': 'moderator',
};

export function canPerform(role: RoomRole, action: RoomAction): boolean {
  return atLeast(role, minimumRole[action]);
}

export function assertCanPerform(role: RoomRole, action: RoomAction): void {
  if (!canPerform(role, action)) messageErrors.raise('ROOM_FORBIDDEN', `${action} needs the ${minimumRole[action]} role or above`);
}

/** Kick, ban, remove and role changes: allowed on members strictly below the actor. */
export function assertCanActOn(actor: RoomRole, action: RoomAction, target: RoomRole): void {
  assertCanPerform(actor, action);
  if (!outranks(actor, target)) messageErrors.raise('ROOM_ROLE_TOO_LOW', `a ${actor} cannot ${action} a ${target}`);
}

/** A role change must also not grant a role at or above the actor's own (only owners make owners, by transfer). */
export function assertCanGrant(actor: RoomRole, target: RoomRole, newRole: RoomRole): void {
  assertCanActOn(actor, 'change-role', target);
  if (newRole === 'owner') messageErrors.raise('ROOM_FORBIDDEN', 'ownership is given by transfer');
  if (!outranks(actor, newRole)) messageErrors.raise('ROOM_ROLE_TOO_LOW', `a ${actor} cannot grant the ${newRole} role`);
}
