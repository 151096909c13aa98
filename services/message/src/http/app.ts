import express, { type RequestHandler } from 'express';
import { healthRouter, notFoundHandler, problemErrorHandler, requestLog, type ReadinessCheck } from '@lynk/common';
import { httpMetrics, metricsHandler, type ServiceMetrics } from '@lynk/common/metrics';
import type { MessageContext } from '../use-cases/message-context.ts';
import { roomRoutes } from './room-routes.ts';

/** REST bodies are small JSON documents; a message body is at most a few KiB. */
const maxBodyBytes = 32 * 1024;

export function createApp(options: { context: MessageContext; metrics: ServiceMetrics; requireBearer: RequestHandler; readiness: Record<string, ReadinessCheck>; isAcceptingWork: () => boolean }) {
  const { context } = options;
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetrics(options.metrics));
  app.use(healthRouter({ checks: options.readiness, isAcceptingWork: options.isAcceptingWork }));
  app.get('/metrics', metricsHandler(options.metrics));
  app.use(requestLog(context.logger));
  app.use('/api/rooms', express.json({ limit: maxBodyBytes, strict: true }), roomRoutes(context, options.requireBearer));
  app.use(notFoundHandler);
  app.use(problemErrorHandler(context.logger));
  return app;
}
