import type { MessageView } from './message-view.ts';
import type { ReactionChange } from './react-to-message.ts';

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
  messageUpdated(message: MessageView): void;
  messageDeleted(event: { roomId: string; messageId: string }): void;
  reactionChanged(change: ReactionChange): void;
  /** A member's read pointer moved: read receipts for the room, unread counts for their other devices. */
  readUpdated(event: { roomId: string; userId: string; messageId: string }): void;
}
