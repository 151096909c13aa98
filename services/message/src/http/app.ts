import express, { type RequestHandler } from 'express';
import { createServiceApp, type ReadinessCheck } from '@lynk/common';
import type { ServiceMetrics } from '@lynk/common/metrics';
import type { MessageContext } from '../use-cases/message-context.ts';
import { directMessageRoutes } from './direct-message-routes.ts';
import { internalRoutes } from './internal-routes.ts';
import { roomRoutes } from './room-routes.ts';

/** REST bodies are small JSON documents; a message body is at most a few KiB. */
const maxBodyBytes = 32 * 1024;

export function createApp(options: { context: MessageContext; metrics: ServiceMetrics; requireBearer: RequestHandler; readiness: Record<string, ReadinessCheck>; isAcceptingWork: () => boolean }) {
  const { context } = options;
  return createServiceApp({
    logger: context.logger,
    metrics: options.metrics,
    readiness: options.readiness,
    isAcceptingWork: options.isAcceptingWork,
    mountRoutes: (app) => {
      app.use('/api/rooms', express.json({ limit: maxBodyBytes, strict: true }), roomRoutes(context, options.requireBearer));
      app.use('/api/dms', express.json({ limit: maxBodyBytes, strict: true }), directMessageRoutes(context, options.requireBearer));
      app.use('/internal', internalRoutes(context));
    },
  });
}
