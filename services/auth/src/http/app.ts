import express, { type RequestHandler } from 'express';
import { createServiceApp, type ReadinessCheck } from '@lynk/common';
import type { ServiceMetrics } from '@lynk/common/metrics';
import { jwksDocument } from '../domain/jwks.ts';
import type { AuthContext } from '../use-cases/auth-context.ts';
import { authRoutes } from './auth-routes.ts';
import { openApiDocument } from './openapi-document.ts';

/** Bodies are small JSON documents; anything larger is refused before parsing. */
const maxBodyBytes = 16 * 1024;

export function createApp(options: { context: AuthContext; metrics: ServiceMetrics; requireBearer: RequestHandler; readiness: Record<string, ReadinessCheck>; isAcceptingWork: () => boolean }) {
  const { context } = options;
  return createServiceApp({
    logger: context.logger,
    metrics: options.metrics,
    readiness: options.readiness,
    isAcceptingWork: options.isAcceptingWork,
    mountRoutes: (app) => {
      app.get('/.well-known/jwks.json', async (_request, response) => {
        // Short cache: a new key must reach verifiers well within its publication lead.
        response.set('cache-control', 'public, max-age=5').json(jwksDocument(await context.signingKeys.published()));
      });
      app.get('/api/auth/openapi.json', (_request, response) => {
        response.json(openApiDocument());
      });
      app.use('/api/auth', express.json({ limit: maxBodyBytes, strict: true }), authRoutes(context, options.requireBearer));
    },
  });
}
