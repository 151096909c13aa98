import type { NextFunction, Request, Response } from 'express';
import type { ServiceMetrics } from './service-metrics.ts';

/** The route template (`/api/rooms/:roomId`), never the raw path, so series stay bounded. */
function routeTemplate(request: Request): string {
  const route = request.route as { path?: unknown } | undefined;
  return typeof route?.path === 'string' ? `${request.baseUrl}${route.path}` : 'unmatched';
}

/** Express middleware: times every request and records it by method, route and status. */
export function httpMetrics(metrics: ServiceMetrics) {
  return (request: Request, response: Response, next: NextFunction) => {
    const stopTimer = metrics.httpRequestDuration.startTimer();
    response.once('finish', () => stopTimer({ method: request.method, route: routeTemplate(request), status: String(response.statusCode) }));
    next();
  };
}
