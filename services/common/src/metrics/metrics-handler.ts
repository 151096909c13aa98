import type { Request, Response } from 'express';
import type { ServiceMetrics } from './service-metrics.ts';

/**
 * The `GET /metrics` handler, in the Prometheus text format. A bare handler, not a Router, so
 * this module loads before telemetry starts without loading express unpatched.
 */
export function metricsHandler(metrics: ServiceMetrics) {
  return async (_request: Request, response: Response) => {
    response.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
