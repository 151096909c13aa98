import { Server } from 'socket.io';
import type { JwtVerifier } from '@lynk/common';
import { instrumentSocketServer, type ServiceMetrics } from '@lynk/common/metrics';
import { roomsOfUser } from '../store/member-repository.ts';
import { deleteMessage } from '../use-cases/delete-message.ts';
import { openDirectConversation } from '../use-cases/direct-conversations.ts';
import { editMessage } from '../use-cases/edit-message.ts';
import type { MessageContext } from '../use-cases/message-context.ts';
import { markRead, readHistory } from '../use-cases/message-history.ts';
import { readThread } from '../use-cases/message-thread.ts';
import { presenceOf } from '../use-cases/presence-query.ts';
import { setReaction } from '../use-cases/react-to-message.ts';
import { sendMessage } from '../use-cases/send-message.ts';
import type { ClientToServerEvents } from './chat-events.ts';
import { chatRoomChannel, chatUserChannel } from './chat-events.ts';
import { onCommand } from './command-handler.ts';
import * as payloads from './command-schemas.ts';
import { handshakeAuth } from './handshake-auth.ts';
import type { PresenceTracker } from './presence-tracker.ts';
import type { ChatServer, ChatSocket } from './socket-types.ts';
import { typingIndicators, type TypingOptions } from './typing-indicators.ts';

const knownCommands = new Set<string>([
  'message:send',
  'dm:send',
  'message:edit',
  'message:delete',
  'reaction:add',
  'reaction:remove',
  'thread:history',
  'room:history',
  'room:read',
  'typing:start',
  'typing:stop',
  'presence:set',
  'presence:query',
] satisfies (keyof ClientToServerEvents)[]);

/** Redis pub/sub channels of the Socket.IO adapter start with this; the Redis ACL allows exactly these. */
export const socketIoChannelPrefix = 'socket.io';

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

/** Wires a connected socket: its user's channels, its rooms, presence, and the commands it may send. */
export function serveChatConnections(io: ChatServer, context: MessageContext, options: { presence: PresenceTracker; typing: TypingOptions }): void {
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
    const me = socket.data.userId;
    const command = <Payload, Result>(event: keyof ClientToServerEvents, schema: Parameters<typeof onCommand<Payload, Result>>[3], handle: (payload: Payload) => Promise<Result>) =>
      onCommand(socket, context.logger, event, schema, handle);
    const typing = typingIndicators(socket, context, options.typing);

    command('message:send', payloads.sendMessagePayload, async (payload) => {
      const sent = await sendMessage(context, me, payload);
      typing.stop(sent.message.roomId);
      return sent.message;
    });
    command('dm:send', payloads.directMessagePayload, async ({ userId, ...message }) => {
      const { roomId } = await openDirectConversation(context, me, userId);
      return (await sendMessage(context, me, { roomId, ...message })).message;
    });
    command('message:edit', payloads.editPayload, (payload) => editMessage(context, me, payload));
    command('message:delete', payloads.messageRefPayload, (payload) => deleteMessage(context, me, payload));
    command('reaction:add', payloads.reactionPayload, (payload) => setReaction(context, me, payload, true));
    command('reaction:remove', payloads.reactionPayload, (payload) => setReaction(context, me, payload, false));
    command('thread:history', payloads.threadPayload, (payload) => readThread(context, me, payload));
    command('room:history', payloads.historyPayload, (payload) => readHistory(context, me, payload));
    command('room:read', payloads.readPayload, async (payload) => {
      await markRead(context, me, payload.roomId, payload.messageId);
      return null;
    });
    command('typing:start', payloads.typingPayload, async ({ roomId }) => {
      await typing.start(roomId);
      return null;
    });
    command('typing:stop', payloads.typingPayload, async ({ roomId }) => {
      typing.stop(roomId);
      return null;
    });
    command('presence:set', payloads.presenceSetPayload, async ({ status }) => {
      await options.presence.setStatus(socket, status);
      return null;
    });
    command('presence:query', payloads.presenceQueryPayload, async ({ userIds }) => ({ presence: await presenceOf(context, me, userIds) }));

    socket.onAny((event: string, ...args: unknown[]) => {
      if (knownCommands.has(event)) return;
      const unknown = { code: 'SOCKET_UNKNOWN_EVENT', status: 400, message: `unknown event ${String(event).slice(0, 64)}` };
      const ack = args.at(-1);
      if (typeof ack === 'function') (ack as (response: unknown) => void)({ ok: false, error: unknown });
      else socket.emit('command:error', { event: String(event).slice(0, 64), error: unknown });
    });
    socket.on('disconnecting', () => {
      typing.stopAll();
      options.presence.disconnecting(socket).catch((error: unknown) => context.logger.warn({ err: error, userId: me }, 'presence not updated on disconnect; it expires on its own'));
    });
    options.presence.connected(socket).catch((error: unknown) => context.logger.warn({ err: error, userId: me }, 'presence not recorded on connect; the next renewal records it'));
  });
}
