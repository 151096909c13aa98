import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { healthRouter } from '../src/health.ts';
import { listen } from './fixtures/http.ts';

describe('health endpoints', () => {
  let server: Server;
  let baseUrl: string;
  let databaseUp = true;
  let acceptingWork = true;

  before(async () => {
    const app = express();
    app.use(
      healthRouter({
        checks: {
          database: async () => {
            if (!databaseUp) throw new Error('connection refused');
          },
          cache: () => new Promise<void>((resolve) => setTimeout(resolve, 5)),
        },
        isAcceptingWork: () => acceptingWork,
        checkTimeoutMs: 200,
      }),
    );
    ({ server, baseUrl } = await listen(app));
  });
  after(() => server.close());

  it('reports liveness', async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  it('is ready when every dependency answers', async () => {
    databaseUp = true;
    const response = await fetch(`${baseUrl}/readyz`);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, 'ready');
  });

  it('is not ready, and names the dependency, when one fails', async () => {
    databaseUp = false;
    const response = await fetch(`${baseUrl}/readyz`);
    assert.equal(response.status, 503);
    const body = (await response.json()) as { checks: Record<string, { status: string; error?: string }> };
    assert.deepEqual(body.checks.database, { status: 'failed', error: 'connection refused' });
    assert.deepEqual(body.checks.cache, { status: 'ok' });
    databaseUp = true;
  });

  it('is not ready while shutting down, but still alive', async () => {
    acceptingWork = false;
    assert.equal((await fetch(`${baseUrl}/readyz`)).status, 503);
    assert.equal((await fetch(`${baseUrl}/healthz`)).status, 200);
    acceptingWork = true;
  });
});

describe('readiness check timeout', () => {
  it('fails a check that hangs', async () => {
    const app = express();
    app.use(healthRouter({ checks: { hanging: () => new Promise<void>(() => {}) }, checkTimeoutMs: 50 }));
    const { server, baseUrl } = await listen(app);
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      assert.equal(response.status, 503);
      const body = (await response.json()) as { checks: Record<string, { error: string }> };
      assert.match(body.checks.hanging!.error, /timed out/);
    } finally {
      server.close();
    }
  });
});
