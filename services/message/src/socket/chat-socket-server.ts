import { Server } from 'socket.io';
import type { JwtVerifier } from '@lynk/common';
import { instrumentSocketServer, type ServiceMetrics } from '@lynk/common/metrics';
import { roomsOfUser } from '../store/member-repository.ts';
import type { MessageContext } from '../use-cases/message-context.ts';
import { markRead, readHistory } from '../use-cases/message-history.ts';
import { sendMessage } from '../use-cases/send-message.ts';
import { chatRoomChannel, chatUserChannel } from './chat-events.ts';
import { onCommand } from './command-handler.ts';
import { historyPayload, readPayload, sendMessagePayload } from './command-schemas.ts';
import { handshakeAuth } from './handshake-auth.ts';
import type { ChatServer, ChatSocket } from './socket-types.ts';

const knownCommands = new Set(['message:send', 'room:history', 'room:read']);

/** Socket.IO on `/socket.io`: authenticated at the handshake, then one handler per typed command. */
/** Not yet attached: the composition root attaches it to the HTTP server once that listens. */
export function createChatSocketServer(options: { verifier: JwtVerifier; metrics: ServiceMetrics; maxPayloadBytes: number }): ChatServer {
  const io: ChatServer = new Server({
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: options.maxPayloadBytes,
    // The edge is the only caller and it proxies WebSockets; long polling stays for clients that need it.
    transports: ['websocket', 'polling'],
    pingInterval: 25_000,
    pingTimeout: 20_000,
  });
  instrumentSocketServer(io, options.metrics);
  io.use(handshakeAuth(options.verifier));
  return io;
}

/** Wires a connected socket: its user's channels, its rooms, and the commands it may send. */
export function serveChatConnections(io: ChatServer, context: MessageContext): void {
  // Rooms are joined before the connection completes, so nothing sent to them after connect is missed.
  io.use(async (socket, next) => {
    try {
      const rooms = await roomsOfUser(context.pool, socket.data.userId);
      await socket.join([chatUserChannel(socket.data.userId), ...rooms.map((room) => chatRoomChannel(room.roomId))]);
      next();
    } catch (error) {
      context.logger.error({ err: error, userId: socket.data.userId }, 'could not load the rooms of a new socket');
      next(Object.assign(new Error('rooms could not be loaded; retry'), { data: { code: 'COMMON_NOT_READY', status: 503 } }));
    }
  });
  io.on('connection', (socket: ChatSocket) => {

    onCommand(socket, context.logger, 'message:send', sendMessagePayload, async (payload) => (await sendMessage(context, socket.data.userId, payload)).message);
    onCommand(socket, context.logger, 'room:history', historyPayload, (payload) => readHistory(context, socket.data.userId, payload));
    onCommand(socket, context.logger, 'room:read', readPayload, async (payload) => {
      await markRead(context, socket.data.userId, payload.roomId, payload.messageId);
      return null;
    });
    socket.onAny((event: string, ...args: unknown[]) => {
      if (knownCommands.has(event)) return;
      const unknown = { code: 'SOCKET_UNKNOWN_EVENT', status: 400, message: `unknown event ${String(event).slice(0, 64)}` };
      const ack = args.at(-1);
      if (typeof ack === 'function') (ack as (response: unknown) => void)({ ok: false, error: unknown });
      else socket.emit('command:error', { event: String(event).slice(0, 64), error: unknown });
    });
  });
}
