import type { LiveRooms } from '../use-cases/live-rooms.ts';
import { chatRoomChannel, chatUserChannel } from './chat-events.ts';
import type { ChatServer } from './socket-types.ts';

/**
 * Live delivery through Socket.IO rooms: one per chat room and one per user (all their devices).
 * Joins and leaves act on the user's room, so they reach every socket of that user at once.
 */
export function liveRoomFanout(io: ChatServer): LiveRooms {
  return {
    memberJoined(roomId, userId) {
      io.in(chatUserChannel(userId)).socketsJoin(chatRoomChannel(roomId));
      io.to(chatUserChannel(userId)).emit('room:joined', { roomId });
    },
    memberRemoved(roomId, userId, reason) {
      io.in(chatUserChannel(userId)).socketsLeave(chatRoomChannel(roomId));
      io.to(chatUserChannel(userId)).emit('room:removed', { roomId, reason });
    },
    roomDeleted(roomId) {
      io.to(chatRoomChannel(roomId)).emit('room:removed', { roomId, reason: 'room-deleted' });
      io.in(chatRoomChannel(roomId)).socketsLeave(chatRoomChannel(roomId));
    },
    messageCreated(message) {
      io.to(chatRoomChannel(message.roomId)).emit('message:new', message);
    },
    messageUpdated(message) {
      io.to(chatRoomChannel(message.roomId)).emit('message:updated', message);
    },
    messageDeleted(event) {
      io.to(chatRoomChannel(event.roomId)).emit('message:deleted', event);
    },
    reactionChanged(change) {
      io.to(chatRoomChannel(change.roomId)).emit('reaction:updated', change);
    },
    readUpdated(event) {
      io.to(chatRoomChannel(event.roomId)).emit('read:updated', event);
    },
  };
}
