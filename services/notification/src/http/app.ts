import express, { type RequestHandler } from 'express';
import { createServiceApp, type ReadinessCheck } from '@lynk/common';
import type { ServiceMetrics } from '@lynk/common/metrics';
import type { NotificationContext } from '../use-cases/notification-context.ts';
import { notificationRoutes } from './notification-routes.ts';

const maxBodyBytes = 16 * 1024;

export function createApp(options: { context: NotificationContext; metrics: ServiceMetrics; requireBearer: RequestHandler; readiness: Record<string, ReadinessCheck>; isAcceptingWork: () => boolean }) {
  return createServiceApp({
    logger: options.context.logger,
    metrics: options.metrics,
    readiness: options.readiness,
    isAcceptingWork: options.isAcceptingWork,
    mountRoutes: (app) => {
      app.use('/api/notifications', express.json({ limit: maxBodyBytes, strict: true }), notificationRoutes(options.context, options.requireBearer));
    },
  });
}
