import express, { type Express } from 'express';
import { healthRouter, type ReadinessCheck } from './health.ts';
import type { Logger } from './logger.ts';
import { httpMetrics, metricsHandler, type ServiceMetrics } from './metrics/index.ts';
import { notFoundHandler, problemErrorHandler } from './problem-middleware.ts';
import { requestLog } from './request-log.ts';

/**
 * The Express app every service runs: metrics, health and readiness, the request log, then the
 * service's own routes, and problem+json for anything unmatched or thrown.
 */
export function createServiceApp(options: { logger: Logger; metrics: ServiceMetrics; readiness: Record<string, ReadinessCheck>; isAcceptingWork: () => boolean; mountRoutes: (app: Express) => void }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetrics(options.metrics));
  app.use(healthRouter({ checks: options.readiness, isAcceptingWork: options.isAcceptingWork }));
  app.get('/metrics', metricsHandler(options.metrics));
  app.use(requestLog(options.logger));
  options.mountRoutes(app);
  app.use(notFoundHandler);
  app.use(problemErrorHandler(options.logger));
  return app;
}
