import type { MessageView } from './message-view.ts';

/**
 * What the use cases tell connected clients. The socket layer implements it; the domain never
 * touches Socket.IO itself.
 */
export interface LiveRooms {
  /** The user's open sockets start receiving the room. */
  memberJoined(roomId: string, userId: string): void;
  /** The user's open sockets stop receiving the room at once, and are told why. */
  memberRemoved(roomId: string, userId: string, reason: 'left' | 'removed' | 'kicked' | 'banned' | 'room-deleted'): void;
  roomDeleted(roomId: string): void;
  messageCreated(message: MessageView): void;
}
