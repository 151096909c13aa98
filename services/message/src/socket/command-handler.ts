import { z } from 'zod';
import { ProblemError, type Logger } from '@lynk/common';
import { tracedSocketCommand } from '@lynk/common/telemetry';
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

/** One client command: the schema its payload must match, and what it does for the socket that sent it. */
export interface ChatCommand<Payload = unknown, Result = unknown> {
  schema: z.ZodType<Payload>;
  handle(socket: ChatSocket, payload: Payload): Promise<Result>;
}

export function chatCommand<Payload, Result>(schema: z.ZodType<Payload>, handle: (socket: ChatSocket, payload: Payload) => Promise<Result>): ChatCommand<Payload, Result> {
  return { schema, handle };
}

/** Any command, its payload type erased: one table holds commands with different payloads. */
export interface AnyChatCommand {
  schema: z.ZodType<unknown>;
  handle(socket: ChatSocket, payload: never): Promise<unknown>;
}

type Ack = (response: AckResponse<unknown>) => void;

/**
 * Runs the commands sockets send, from one table shared by every socket: a listener per command
 * per socket cost each idle connection kilobytes of closures. Every command is validated, run in
 * its own trace span, and always answered, through the acknowledgement or, when the client sent
 * none, a `command:error` event; an unknown event gets `SOCKET_UNKNOWN_EVENT`.
 */
export function commandDispatcher(commands: Readonly<Record<string, AnyChatCommand>>, logger: Logger): (socket: ChatSocket, packet: unknown[]) => void {
  return (socket, packet) => {
    const event = String(packet[0]).slice(0, 64);
    const args = packet.slice(1);
    const ack = typeof args.at(-1) === 'function' ? (args.at(-1) as Ack) : undefined;
    const respond = (response: AckResponse<unknown>) => {
      if (ack) ack(response);
      else if (!response.ok) socket.emit('command:error', { event, error: response.error });
    };
    const command = Object.hasOwn(commands, event) ? commands[event] : undefined;
    if (!command) {
      respond({ ok: false, error: { code: 'SOCKET_UNKNOWN_EVENT', status: 400, message: `unknown event ${event}` } });
      return;
    }
    void tracedSocketCommand(socket.nsp.name, event, async () => {
      try {
        const payload = command.schema.parse(ack && args.length < 2 ? undefined : args[0]);
        // The schema produced exactly the payload type this command's handler declared.
        respond({ ok: true, data: await command.handle(socket, payload as never) });
      } catch (error) {
        respond({ ok: false, error: chatError(error, logger, event) });
      }
    });
  };
}
