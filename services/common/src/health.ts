import { Router } from 'express';

/** A readiness check: resolves when the dependency accepts work, rejects otherwise. */
export type ReadinessCheck = () => Promise<void>;

export interface HealthOptions {
  checks: Record<string, ReadinessCheck>;
  /** False while shutting down, so the mesh stops routing new work here first. */
  isAcceptingWork?: () => boolean;
  checkTimeoutMs?: number;
}

function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([check(), timeout]).finally(() => clearTimeout(timer));
}

/** `/healthz`: the process is alive. `/readyz`: every dependency answers, so send traffic. */
export function healthRouter(options: HealthOptions): Router {
  const router = Router();
  const timeoutMs = options.checkTimeoutMs ?? 2000;
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  router.get('/readyz', async (_request, response) => {
    if (options.isAcceptingWork && !options.isAcceptingWork()) {
      response.status(503).json({ status: 'shutting-down', checks: {} });
      return;
    }
    const names = Object.keys(options.checks);
    const results = await Promise.allSettled(names.map((name) => withTimeout(options.checks[name]!, timeoutMs)));
    const checks = Object.fromEntries(
      results.map((result, index) => [names[index], result.status === 'fulfilled' ? { status: 'ok' } : { status: 'failed', error: (result.reason as Error).message }]),
    );
    const ready = results.every((result) => result.status === 'fulfilled');
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks });
  });
  return router;
}
