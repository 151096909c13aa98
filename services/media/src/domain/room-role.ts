/** Roles as message owns them; media only compares them. */
export type RoomRole = 'owner' | 'admin' | 'moderator' | 'member';

const rank: Record<RoomRole, number> = { owner: 4, admin: 3, moderator: 2, member: 1 };

export function atLeast(role: RoomRole, minimum: RoomRole): boolean {
  return rank[role] >= rank[minimum];
}
