import type { NextFunction, Request, Response } from 'express';
import type { Logger } from './logger.ts';

/** The caller workload's SPIFFE ID, as its sidecar set it in x-forwarded-client-cert. */
export function callerSpiffeId(request: Request): string | undefined {
  return /(?:^|;)URI=(spiffe:\/\/[^;,]+)/.exec(request.get('x-forwarded-client-cert') ?? '')?.[1];
}

/** One log line per request, inside its span (so it carries trace_id), with the calling workload for audit. */
export function requestLog(logger: Logger) {
  return (request: Request, response: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      logger.info(
        {
          method: request.method,
          path: request.originalUrl.split('?')[0],
          status: response.statusCode,
          durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          caller: callerSpiffeId(request),
          // The client address as the edge saw it (set by Envoy, never by the client): for audit and abuse reports.
          client: request.get('x-envoy-external-address'),
          forwardedFor: request.get('x-forwarded-for'),
        },
        'request',
      );
    });
    next();
  };
}
