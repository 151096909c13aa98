import type { Room } from '../store/room-repository.ts';

export interface RoomView {
  id: string;
  /** `direct` for a conversation between two people (see /api/dms). */
  kind: Room['kind'];
  name: string;
  description: string;
  visibility: Room['visibility'];
  maxMembers: number;
  memberCount: number;
  createdBy: string;
  createdAt: string;
}

export function roomView(room: Room): RoomView {
  return {
    id: room.id,
    kind: room.kind,
    name: room.name,
    description: room.description,
    visibility: room.visibility,
    maxMembers: room.maxMembers,
    memberCount: room.memberCount,
    createdBy: room.createdBy,
    createdAt: room.createdAt.toISOString(),
  };
}
