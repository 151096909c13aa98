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
import { chatCommand, commandDispatcher, type AnyChatCommand } from './command-handler.ts';
import * as payloads from './command-schemas.ts';
import { forgetHandshakeDetails } from './connection-memory.ts';
import { handshakeAuth } from './handshake-auth.ts';
import type { PresenceTracker } from './presence-tracker.ts';
import type { ChatServer, ChatSocket } from './socket-types.ts';
import { typingIndicators, type TypingOptions } from './typing-indicators.ts';

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
  io.on('connection', forgetHandshakeDetails);
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
  const typing = typingIndicators(context, options.typing);
  const commands = {
    'message:send': chatCommand(payloads.sendMessagePayload, async (socket, payload) => {
      const sent = await sendMessage(context, socket.data.userId, payload);
      typing.stop(socket, sent.message.roomId);
      return sent.message;
    }),
    'dm:send': chatCommand(payloads.directMessagePayload, async (socket, { userId, ...message }) => {
      const { roomId } = await openDirectConversation(context, socket.data.userId, userId);
      return (await sendMessage(context, socket.data.userId, { roomId, ...message })).message;
    }),
    'message:edit': chatCommand(payloads.editPayload, (socket, payload) => editMessage(context, socket.data.userId, payload)),
    'message:delete': chatCommand(payloads.messageRefPayload, (socket, payload) => deleteMessage(context, socket.data.userId, payload)),
    'reaction:add': chatCommand(payloads.reactionPayload, (socket, payload) => setReaction(context, socket.data.userId, payload, true)),
    'reaction:remove': chatCommand(payloads.reactionPayload, (socket, payload) => setReaction(context, socket.data.userId, payload, false)),
    'thread:history': chatCommand(payloads.threadPayload, (socket, payload) => readThread(context, socket.data.userId, payload)),
    'room:history': chatCommand(payloads.historyPayload, (socket, payload) => readHistory(context, socket.data.userId, payload)),
    'room:read': chatCommand(payloads.readPayload, async (socket, payload) => {
      await markRead(context, socket.data.userId, payload.roomId, payload.messageId);
      return null;
    }),
    'typing:start': chatCommand(payloads.typingPayload, async (socket, { roomId }) => {
      await typing.start(socket, roomId);
      return null;
    }),
    'typing:stop': chatCommand(payloads.typingPayload, async (socket, { roomId }) => {
      typing.stop(socket, roomId);
      return null;
    }),
    'presence:set': chatCommand(payloads.presenceSetPayload, async (socket, { status }) => {
      await options.presence.setStatus(socket, status);
      return null;
    }),
    'presence:query': chatCommand(payloads.presenceQueryPayload, async (socket, { userIds }) => ({ presence: await presenceOf(context, socket.data.userId, userIds) })),
  } satisfies Record<keyof ClientToServerEvents, AnyChatCommand>;
  const dispatch = commandDispatcher(commands, context.logger);

  // Per socket only what must be: one middleware that hands every event to the shared table (it
  // runs after the metrics middleware, which times the acknowledgement) and the disconnect hook.
  // Socket.IO calls a listener with the socket as `this`, so one function serves every socket.
  function onDisconnecting(this: ChatSocket) {
    typing.stopAll(this);
    options.presence.disconnecting(this).catch((error: unknown) => context.logger.warn({ err: error, userId: this.data.userId }, 'presence not updated on disconnect; it expires on its own'));
  }
  io.on('connection', (socket: ChatSocket) => {
    socket.use((packet) => dispatch(socket, packet));
    socket.on('disconnecting', onDisconnecting);
    options.presence.connected(socket).catch((error: unknown) => context.logger.warn({ err: error, userId: socket.data.userId }, 'presence not recorded on connect; the next renewal records it'));
  });
}
