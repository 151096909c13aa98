/**
 * Typing indicators: `typing:start` is forwarded to the room at most once per throttle window,
 * and an indicator ends on its own when the typist stops renewing it, disconnects, or sends.
 * Nothing is stored: a lost indicator only ever means one that ends early.
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
  start(roomId: string): Promise<void>;
  stop(roomId: string): void;
  /** Ends every indicator of this socket, on send or disconnect. */
  stopAll(): void;
}

export function typingIndicators(socket: ChatSocket, context: MessageContext, options: TypingOptions): TypingIndicators {
  const active = new Map<string, { forwardedAt: number; expiry: NodeJS.Timeout }>();
  const tell = (roomId: string, typing: boolean) =>
    socket.to(chatRoomChannel(roomId)).emit('typing:updated', { roomId, userId: socket.data.userId, typing, expiresInMs: typing ? options.expiresAfterMs : 0 });

  function stop(roomId: string): void {
    const entry = active.get(roomId);
    if (!entry) return;
    clearTimeout(entry.expiry);
    active.delete(roomId);
    tell(roomId, false);
  }

  return {
    async start(roomId) {
      const { roomId: checkedRoomId } = await sendPermissionOf(context, roomId, socket.data.userId);
      const now = Date.now();
      const entry = active.get(checkedRoomId);
      if (entry) clearTimeout(entry.expiry);
      const forward = !entry || now - entry.forwardedAt >= options.throttleMs;
      const expiry = setTimeout(() => stop(checkedRoomId), options.expiresAfterMs);
      expiry.unref();
      active.set(checkedRoomId, { forwardedAt: forward ? now : entry!.forwardedAt, expiry });
      if (forward) tell(checkedRoomId, true);
    },
    stop,
    stopAll() {
      for (const roomId of [...active.keys()]) stop(roomId);
    },
  };
}
