/**
 * The Socket.IO contract between Lynk clients and the message service. Clients import these
 * types (`@lynk/message/chat-events`), so a renamed event or field fails to compile on both sides.
 * Every client command takes an acknowledgement that carries the result or a stable error code.
 */
import type { MessageView, ReactionSummary } from '../use-cases/message-view.ts';
import type { HistoryPage } from '../use-cases/message-history.ts';
import type { ThreadPage } from '../use-cases/message-thread.ts';
import type { ReactionChange } from '../use-cases/react-to-message.ts';
import type { PresenceStatus } from '../domain/presence-status.ts';

export type { MessageView, HistoryPage, ThreadPage, ReactionChange, ReactionSummary, PresenceStatus };

export interface ChatError {
  code: string;
  status: number;
  message: string;
  /** Present on MESSAGE_RATE_LIMITED: when the next send may succeed. */
  retryAfterMs?: number;
  /** Present on COMMON_VALIDATION_FAILED: what was wrong with the payload. */
  issues?: { path: string; message: string }[];
}

export type AckResponse<Data> = { ok: true; data: Data } | { ok: false; error: ChatError };
export type Ack<Data> = (response: AckResponse<Data>) => void;

export interface SendMessagePayload {
  roomId: string;
  /** Chosen by the client, unique per sender: a retried send never creates a second message. */
  clientMsgId: string;
  body: string;
  replyTo?: string;
  attachments?: string[];
}

export interface HistoryPayload {
  roomId: string;
  /** Page back from this id (newest first). */
  before?: string;
  /** Catch up after the last id seen (oldest first). */
  after?: string;
  limit?: number;
}

export interface ReadPayload {
  roomId: string;
  messageId: string;
}

export interface DirectMessagePayload extends Omit<SendMessagePayload, 'roomId'> {
  /** The other person: their conversation with the sender is opened on the first message. */
  userId: string;
}

export interface MessageRef {
  roomId: string;
  messageId: string;
}

export interface EditPayload extends MessageRef {
  body: string;
}

export interface ReactionPayload extends MessageRef {
  /** Exactly one emoji. */
  emoji: string;
}

export interface ThreadPayload extends MessageRef {
  /** Page on after this reply id (oldest first). */
  after?: string;
  limit?: number;
}

export interface TypingUpdate {
  roomId: string;
  userId: string;
  typing: boolean;
  /** Clients drop the indicator after this long without a renewal, even if the stop never comes. */
  expiresInMs: number;
}

export interface PresenceUpdate {
  userId: string;
  status: PresenceStatus;
}

export interface ClientToServerEvents {
  'message:send': (payload: SendMessagePayload, ack: Ack<MessageView>) => void;
  'dm:send': (payload: DirectMessagePayload, ack: Ack<MessageView>) => void;
  'message:edit': (payload: EditPayload, ack: Ack<MessageView>) => void;
  'message:delete': (payload: MessageRef, ack: Ack<MessageRef>) => void;
  'reaction:add': (payload: ReactionPayload, ack: Ack<ReactionChange>) => void;
  'reaction:remove': (payload: ReactionPayload, ack: Ack<ReactionChange>) => void;
  'thread:history': (payload: ThreadPayload, ack: Ack<ThreadPage>) => void;
  'room:history': (payload: HistoryPayload, ack: Ack<HistoryPage>) => void;
  'room:read': (payload: ReadPayload, ack: Ack<null>) => void;
  'typing:start': (payload: { roomId: string }, ack: Ack<null>) => void;
  'typing:stop': (payload: { roomId: string }, ack: Ack<null>) => void;
  /** This device's own status; the user's is the most present of their devices. */
  'presence:set': (payload: { status: 'online' | 'away' }, ack: Ack<null>) => void;
  /** Statuses of people who share a room or conversation with the caller; others are left out. */
  'presence:query': (payload: { userIds: string[] }, ack: Ack<{ presence: PresenceUpdate[] }>) => void;
}

export type RoomRemovalReason = 'left' | 'removed' | 'kicked' | 'banned' | 'room-deleted';

export interface ServerToClientEvents {
  'message:new': (message: MessageView) => void;
  'message:updated': (message: MessageView) => void;
  'message:deleted': (event: MessageRef) => void;
  'reaction:updated': (change: ReactionChange) => void;
  'read:updated': (event: { roomId: string; userId: string; messageId: string }) => void;
  'typing:updated': (event: TypingUpdate) => void;
  'presence:updated': (event: PresenceUpdate) => void;
  'room:joined': (event: { roomId: string }) => void;
  'room:removed': (event: { roomId: string; reason: RoomRemovalReason }) => void;
  /** The session was signed out elsewhere; the server disconnects right after. */
  'session:revoked': () => void;
  /** A command sent without an acknowledgement callback failed; it is reported here instead. */
  'command:error': (event: { event: string; error: ChatError }) => void;
}

/** What a `connect_error` carries in `data` when the handshake is refused. */
export interface HandshakeErrorData {
  code: string;
  status: number;
}

export const chatRoomChannel = (roomId: string) => `room:${roomId}`;
export const chatUserChannel = (userId: string) => `user:${userId}`;
