import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { z } from 'zod';
import { createLogger } from '../src/logger.ts';
import { defineErrors } from '../src/problem.ts';
import { notFoundHandler, problemErrorHandler } from '../src/problem-middleware.ts';
import { listen } from './fixtures/http.ts';

const errors = defineErrors({ DEMO_OTP_EXPIRED: { status: 410, title: 'The code has expired' } });

describe('problem+json responses', () => {
  let server: Server;
  let baseUrl: string;

  before(async () => {
    const app = express();
    app.use(express.json({ limit: '1kb' }));
    app.post('/otp', () => errors.raise('DEMO_OTP_EXPIRED', 'Request a new code'));
    app.post('/validated', (request, response) => {
      const body = z.object({ phone: z.string().regex(/^\+\d{8,15}$/) }).parse(request.body);
      response.json(body);
    });
    app.get('/bug', () => {
      throw new TypeError('secret internal detail');
    });
    app.use(notFoundHandler);
    app.use(problemErrorHandler(createLogger('test', { level: 'silent' })));
    ({ server, baseUrl } = await listen(app));
  });
  after(() => server.close());

  it('renders a catalogued error with its status and stable code', async () => {
    const response = await fetch(`${baseUrl}/otp`, { method: 'POST' });
    assert.equal(response.status, 410);
    assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.deepEqual(await response.json(), {
      type: 'urn:lynk:problem:DEMO_OTP_EXPIRED',
      title: 'The code has expired',
      status: 410,
      code: 'DEMO_OTP_EXPIRED',
      detail: 'Request a new code',
      instance: '/otp',
    });
  });

  it('turns malformed JSON into 400 COMMON_MALFORMED_JSON', async () => {
    const response = await fetch(`${baseUrl}/validated`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"phone":' });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { code: string }).code, 'COMMON_MALFORMED_JSON');
  });

  it('turns an oversized body into 413', async () => {
    const response = await fetch(`${baseUrl}/validated`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: 'x'.repeat(5000) }) });
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { code: string }).code, 'COMMON_PAYLOAD_TOO_LARGE');
  });

  it('lists which field failed validation', async () => {
    const response = await fetch(`${baseUrl}/validated`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '12' }) });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { code: string; errors: Array<{ path: string }> };
    assert.equal(body.code, 'COMMON_VALIDATION_FAILED');
    assert.deepEqual(body.errors.map((error) => error.path), ['phone']);
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await fetch(`${baseUrl}/nowhere`);
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { code: string }).code, 'COMMON_NOT_FOUND');
  });

  it('hides the details of a bug behind 500 COMMON_INTERNAL', async () => {
    const response = await fetch(`${baseUrl}/bug`);
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.doesNotMatch(text, /secret internal detail/);
    assert.equal((JSON.parse(text) as { code: string }).code, 'COMMON_INTERNAL');
  });
});
