import { pino, type DestinationStream, type Logger } from 'pino';
import { currentTraceIds } from './telemetry/trace-ids.ts';

export type { Logger } from 'pino';

/** JSON logs, one line per event, with the service name and, inside a span, `trace_id` and `span_id`. */
export function createLogger(service: string, options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service },
      mixin: currentTraceIds,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: ['password', '*.password', 'token', '*.token', 'req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    },
    options.destination,
  );
}
