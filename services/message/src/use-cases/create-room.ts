import { v7 as uuidv7 } from 'uuid';
import { inTransaction } from '@lynk/common/store';
import type { RoomVisibility } from '@lynk/common/events';
import { messageErrors } from '../domain/message-errors.ts';
import { normaliseRoomName } from '../domain/room-name.ts';
import { insertMember } from '../store/member-repository.ts';
import { findRoom, insertRoom, isNameKeyTaken, takeSeat } from '../store/room-repository.ts';
import type { MessageContext } from './message-context.ts';
import { queueRoomEvent } from './room-events.ts';
import { roomView, type RoomView } from './room-view.ts';

export interface NewRoom {
  name: string;
  description: string;
  visibility: RoomVisibility;
  maxMembers: number;
}

/**
 * A name the filter has never seen is free without asking Postgres; a filter hit is confirmed
 * there, so a false positive never refuses a free name. The unique index has the last word.
 */
export async function isRoomNameAvailable(context: MessageContext, name: string): Promise<boolean> {
  const nameKey = normaliseRoomName(name);
  if (!(await context.roomNames.mightContain(nameKey).catch(() => true))) return true;
  return !(await isNameKeyTaken(context.pool, nameKey));
}

export async function createRoom(context: MessageContext, ownerId: string, input: NewRoom): Promise<RoomView> {
  const nameKey = normaliseRoomName(input.name);
  if (!(await isRoomNameAvailable(context, input.name))) messageErrors.raise('ROOM_NAME_TAKEN');
  const roomId = uuidv7();
  const room = await inTransaction(context.pool, async (db) => {
    const inserted = await insertRoom(db, { id: roomId, name: input.name, nameKey, description: input.description, visibility: input.visibility, maxMembers: input.maxMembers, bucketSeconds: context.config.MESSAGE_BUCKET_SECONDS, createdBy: ownerId });
    if (!inserted) messageErrors.raise('ROOM_NAME_TAKEN');
    await takeSeat(db, roomId);
    await insertMember(db, roomId, ownerId, 'owner');
    await queueRoomEvent(db, 'room.created', roomId, { roomId, kind: 'group', name: input.name, description: input.description, visibility: input.visibility, maxMembers: input.maxMembers, ownerId });
    await queueRoomEvent(db, 'room.member.joined', roomId, { roomId, userId: ownerId, role: 'owner', via: 'created', actorId: ownerId });
    return (await findRoom(db, roomId))!;
  });
  await context.roomNames.add(nameKey).catch((error: unknown) => context.logger.warn({ err: error }, 'room name filter not updated; Postgres still guards the name'));
  void context.roomEvents.flush();
  context.live.memberJoined(roomId, ownerId);
  return roomView(room);
}
