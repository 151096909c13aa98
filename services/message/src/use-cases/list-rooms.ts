import { common } from '@lynk/common';
import type { RoomRole } from '../domain/room-role.ts';
import { uuidv7Floor } from '../store/event-outbox.ts';
import { roomsOfMember, searchPublicRooms } from '../store/room-repository.ts';
import type { MessageContext } from './message-context.ts';
import { roomView, type RoomView } from './room-view.ts';

/** Unread counts stop here; clients show "99+". */
export const unreadCap = 100;

export interface MyRoomView extends RoomView {
  role: RoomRole;
  unreadCount: number;
  lastReadMessageId: string | null;
}

/** My rooms, each with what I have not read yet (counted from my read pointer, or from when I joined). */
export async function listMyRooms(context: MessageContext, userId: string, filter: { kind?: 'group' | 'direct' } = {}): Promise<MyRoomView[]> {
  const memberships = (await roomsOfMember(context.pool, userId)).filter(({ room }) => !filter.kind || room.kind === filter.kind);
  return Promise.all(
    memberships.map(async ({ room, ...membership }) => {
      const readFrom = membership.lastReadMessageId ?? uuidv7Floor(membership.joinedAt.getTime());
      const unreadCount = await context.messages.countAfter(room.id, room.bucketSeconds, readFrom, unreadCap);
      return { ...roomView(room), role: membership.role, unreadCount, lastReadMessageId: membership.lastReadMessageId };
    }),
  );
}

export interface PublicRoomsPage {
  rooms: RoomView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export async function listPublicRooms(context: MessageContext, query: { search: string; cursor?: string; limit: number }): Promise<PublicRoomsPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (query.cursor && !after) common.raise('COMMON_VALIDATION_FAILED', 'cursor is not one this service issued');
  const rooms = await searchPublicRooms(context.pool, { search: query.search.toLocaleLowerCase('und'), ...(after ? { after } : {}), limit: query.limit + 1 });
  const page = rooms.slice(0, query.limit);
  const last = page.at(-1);
  return { rooms: page.map(roomView), nextCursor: rooms.length > query.limit && last ? encodeCursor({ nameKey: last.nameKey, id: last.id }) : null };
}

function encodeCursor(position: { nameKey: string; id: string }): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeCursor(cursor: string): { nameKey: string; id: string } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { nameKey?: unknown; id?: unknown };
    if (typeof parsed.nameKey === 'string' && typeof parsed.id === 'string' && /^[0-9a-f-]{36}$/.test(parsed.id)) return { nameKey: parsed.nameKey, id: parsed.id };
  } catch {
    // fall through: a cursor we did not issue
  }
  return undefined;
}
