import { z } from 'zod';
import { ProblemError, type Logger } from '@lynk/common';
import type { AckResponse, ChatError } from './chat-events.ts';
import type { ChatSocket } from './socket-types.ts';

/** Turns anything a command threw into the error its acknowledgement carries; bugs are logged, never shown. */
export function chatError(error: unknown, logger: Logger, event: string): ChatError {
  if (error instanceof ProblemError) {
    return { code: error.code, status: error.status, message: error.detail ?? error.title, ...(typeof error.extensions.retryAfterMs === 'number' ? { retryAfterMs: error.extensions.retryAfterMs } : {}) };
  }
  if (error instanceof z.ZodError) {
    return { code: 'COMMON_VALIDATION_FAILED', status: 400, message: 'The payload is not valid', issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) };
  }
  logger.error({ err: error, event }, 'socket command failed');
  return { code: 'COMMON_INTERNAL', status: 500, message: 'Something went wrong on our side' };
}

/**
 * Registers one client command: validates the payload with `schema`, runs `handle`, and always
 * answers, through the acknowledgement or, when the client sent none, a `command:error` event.
 */
export function onCommand<Payload, Result>(socket: ChatSocket, logger: Logger, event: string, schema: z.ZodType<Payload>, handle: (payload: Payload) => Promise<Result>): void {
  (socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(event, (...args: unknown[]) => {
    const ack = typeof args.at(-1) === 'function' ? (args.at(-1) as (response: AckResponse<Result>) => void) : undefined;
    const respond = (response: AckResponse<Result>) => {
      if (ack) ack(response);
      else if (!response.ok) socket.emit('command:error', { event, error: response.error });
    };
    void (async () => {
      try {
        const payload = schema.parse(ack && args.length < 2 ? undefined : args[0]);
        respond({ ok: true, data: await handle(payload) });
      } catch (error) {
        respond({ ok: false, error: chatError(error, logger, event) });
      }
    })();
  });
}
