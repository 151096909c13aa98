/**
 * The Socket.IO contract between Lynk clients and the message service. Clients import these
 * types (`@lynk/message/chat-events`), so a renamed event or field fails to compile on both sides.
 * Every client command takes an acknowledgement that carries the result or a stable error code.
 */
import type { MessageView } from '../use-cases/message-view.ts';
import type { HistoryPage } from '../use-cases/message-history.ts';

export type { MessageView, HistoryPage };

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

export interface ClientToServerEvents {
  'message:send': (payload: SendMessagePayload, ack: Ack<MessageView>) => void;
  'room:history': (payload: HistoryPayload, ack: Ack<HistoryPage>) => void;
  'room:read': (payload: ReadPayload, ack: Ack<null>) => void;
}

export type RoomRemovalReason = 'left' | 'removed' | 'kicked' | 'banned' | 'room-deleted';

export interface ServerToClientEvents {
  'message:new': (message: MessageView) => void;
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
