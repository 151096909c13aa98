import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from './chat-events.ts';

/** What the handshake established about the connection's user. */
export interface ChatSocketData {
  userId: string;
  sessionId: string;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoInterServerEvents = {};

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, NoInterServerEvents, ChatSocketData>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, NoInterServerEvents, ChatSocketData>;
