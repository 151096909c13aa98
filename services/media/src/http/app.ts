import type { RequestHandler } from 'express';
import { createServiceApp, type ReadinessCheck } from '@lynk/common';
import type { ServiceMetrics } from '@lynk/common/metrics';
import type { MediaContext } from '../use-cases/media-context.ts';
import { mediaRoutes } from './media-routes.ts';

/** No JSON body parser: uploads are multipart streams read by busboy, everything else has no body. */
export function createApp(options: { context: MediaContext; metrics: ServiceMetrics; requireBearer: RequestHandler; readiness: Record<string, ReadinessCheck>; isAcceptingWork: () => boolean }) {
  const { context } = options;
  return createServiceApp({
    logger: context.logger,
    metrics: options.metrics,
    readiness: options.readiness,
    isAcceptingWork: options.isAcceptingWork,
    mountRoutes: (app) => {
      app.use('/api/media', mediaRoutes(context, options.requireBearer));
    },
  });
}
