import { inTransaction } from '@lynk/common/store';
import { messageErrors } from '../domain/message-errors.ts';
import { assertCanPerform } from '../domain/room-permissions.ts';
import { normaliseRoomName } from '../domain/room-name.ts';
import { deleteAllMembers } from '../store/member-repository.ts';
import { findRoom, isNameKeyTaken, markRoomDeleted, updateRoom } from '../store/room-repository.ts';
import type { MessageContext } from './message-context.ts';
import type { NewRoom } from './create-room.ts';
import { requireMembership } from './room-access.ts';
import { queueRoomEvent } from './room-events.ts';
import { roomView, type RoomView } from './room-view.ts';

export async function updateRoomSettings(context: MessageContext, actorId: string, roomId: string, changes: Partial<NewRoom>): Promise<RoomView> {
  const { before, after } = await inTransaction(context.pool, async (db) => {
    const { room, membership } = await requireMembership(db, roomId, actorId, { forUpdate: true });
    assertCanPerform(membership.role, 'update-room');
    const next = {
      name: changes.name ?? room.name,
      nameKey: changes.name === undefined ? room.nameKey : normaliseRoomName(changes.name),
      description: changes.description ?? room.description,
      visibility: changes.visibility ?? room.visibility,
      maxMembers: changes.maxMembers ?? room.maxMembers,
    };
    if (next.maxMembers < room.memberCount) messageErrors.raise('ROOM_MAX_MEMBERS_TOO_LOW', `the room has ${room.memberCount} members`);
    if (next.nameKey !== room.nameKey && (await isNameKeyTaken(db, next.nameKey))) messageErrors.raise('ROOM_NAME_TAKEN');
    try {
      await updateRoom(db, roomId, next);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') messageErrors.raise('ROOM_NAME_TAKEN');
      throw error;
    }
    await queueRoomEvent(db, 'room.updated', roomId, { roomId, kind: 'group', name: next.name, description: next.description, visibility: next.visibility, maxMembers: next.maxMembers, actorId });
    return { before: room, after: (await findRoom(db, roomId))! };
  });
  if (before.nameKey !== after.nameKey) {
    await context.roomNames.add(after.nameKey).catch(() => undefined);
    await context.roomNames.remove(before.nameKey).catch(() => undefined);
  }
  void context.roomEvents.flush();
  return roomView(after);
}

/** Deleting a room frees its name; its history stays in Cassandra until retention removes it. */
export async function deleteRoom(context: MessageContext, actorId: string, roomId: string): Promise<void> {
  const room = await inTransaction(context.pool, async (db) => {
    const { room, membership } = await requireMembership(db, roomId, actorId, { forUpdate: true });
    assertCanPerform(membership.role, 'delete-room');
    await markRoomDeleted(db, roomId);
    await deleteAllMembers(db, roomId);
    await queueRoomEvent(db, 'room.deleted', roomId, { roomId, actorId });
    return room;
  });
  await context.roomNames.remove(room.nameKey).catch((error: unknown) => context.logger.warn({ err: error }, 'deleted room name left in the filter; Postgres confirms it is free'));
  void context.roomEvents.flush();
  context.sendPermissions.forgetRoom(roomId);
  context.live.roomDeleted(roomId);
}
