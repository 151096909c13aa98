import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from './chat-events.ts';

/** What the handshake established about the connection's user. */
export interface ChatSocketData {
  userId: string;
  sessionId: string;
}

/** What message instances tell each other through the Redis adapter. */
export interface InterServerEvents {
  /** A membership ended or a block began: forget the cached send permission (`userId` null: the whole room). */
  'send-permission:forget': (event: { roomId: string; userId: string | null }) => void;
}

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ChatSocketData>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ChatSocketData>;
