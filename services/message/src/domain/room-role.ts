import type { RoomRole } from '@lynk/common/events';

export type { RoomRole };

/** Higher outranks lower; nobody may act on a member at or above their own rank. */
const rank: Record<RoomRole, number> = { owner: 4, admin: 3, moderator: 2, member: 1 };

export function roleRank(role: RoomRole): number {
  return rank[role];
}

export function outranks(actor: RoomRole, target: RoomRole): boolean {
  return rank[actor] > rank[target];
}

export function atLeast(role: RoomRole, minimum: RoomRole): boolean {
  return rank[role] >= rank[minimum];
}
