/**
 * Typing indicators: `typing:start` is forwarded to the room at most once per throttle window,
 * and an indicator ends on its own when the typist stops renewing it, disconnects, or sends.
 * Nothing is stored: a lost indicator only ever means one that ends early. One tracker serves
 * every socket; a socket that never types costs nothing.
 */
import type { MessageContext } from '../use-cases/message-context.ts';
import { sendPermissionOf } from '../use-cases/send-message.ts';
import { chatRoomChannel } from './chat-events.ts';
import type { ChatSocket } from './socket-types.ts';

export interface TypingOptions {
  /** A renewal inside this window is not forwarded again. */
  throttleMs: number;
  /** Without a renewal, the indicator ends this long after the last start. */
  expiresAfterMs: number;
}

export interface TypingIndicators {
  start(socket: ChatSocket, roomId: string): Promise<void>;
  stop(socket: ChatSocket, roomId: string): void;
  /** Ends every indicator of this socket, on send or disconnect. */
  stopAll(socket: ChatSocket): void;
}

type ActiveIndicators = Map<string, { forwardedAt: number; expiry: NodeJS.Timeout }>;

export function typingIndicators(context: MessageContext, options: TypingOptions): TypingIndicators {
  const activeOf = new WeakMap<ChatSocket, ActiveIndicators>();
  const tell = (socket: ChatSocket, roomId: string, typing: boolean) =>
    socket.to(chatRoomChannel(roomId)).emit('typing:updated', { roomId, userId: socket.data.userId, typing, expiresInMs: typing ? options.expiresAfterMs : 0 });

  function stop(socket: ChatSocket, roomId: string): void {
    const active = activeOf.get(socket);
    const entry = active?.get(roomId);
    if (!active || !entry) return;
    clearTimeout(entry.expiry);
    active.delete(roomId);
    if (active.size === 0) activeOf.delete(socket);
    tell(socket, roomId, false);
  }

  return {
    async start(socket, roomId) {
      const { roomId: checkedRoomId } = await sendPermissionOf(context, roomId, socket.data.userId);
      const now = Date.now();
      let active = activeOf.get(socket);
      if (!active) activeOf.set(socket, (active = new Map()));
      const entry = active.get(checkedRoomId);
      if (entry) clearTimeout(entry.expiry);
      const forward = !entry || now - entry.forwardedAt >= options.throttleMs;
      const expiry = setTimeout(() => stop(socket, checkedRoomId), options.expiresAfterMs);
      expiry.unref();
      active.set(checkedRoomId, { forwardedAt: forward ? now : entry!.forwardedAt, expiry });
      if (forward) tell(socket, checkedRoomId, true);
    },
    stop,
    stopAll(socket) {
      for (const roomId of [...(activeOf.get(socket)?.keys() ?? [])]) stop(socket, roomId);
    },
  };
}
