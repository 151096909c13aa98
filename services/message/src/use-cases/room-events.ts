import { createEvent, enqueueEvent } from '@lynk/common/events';
import type { Queryable } from '@lynk/common/store';

/** Queues a room.* event in the caller's transaction, keyed by room so a room's events stay in order. */
export async function queueRoomEvent<Data>(db: Queryable, type: string, roomId: string, data: Data): Promise<void> {
  await enqueueEvent(db, createEvent(type, data), roomId);
}
