import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { developmentCodeSendsPerIpPerHour, smsSinkFile } from '../../../mesh/src/services/auth-service.ts';
import { freshPhoneNumber, latestSmsCode, signUp } from '../../support/auth-users.ts';
import { withRedis } from '../../support/clients.ts';
import { callEdge } from '../../support/edge-client.ts';
import { credentials } from '../../support/stack.ts';

describe('auth: bad input gets a stable code, never a 500', () => {
  it('malformed JSON, wrong types, unknown fields and oversized bodies', async () => {
    const malformed = await callEdge<{ code: string }>('POST', '/api/auth/register', { rawBody: '{"phone": ', headers: { 'content-type': 'application/json' } });
    assert.deepEqual([malformed.status, malformed.body.code], [400, 'COMMON_MALFORMED_JSON']);
    assert.match(String(malformed.headers['content-type']), /application\/problem\+json/);

    const wrongType = await callEdge<{ code: string; errors: { path: string }[] }>('POST', '/api/auth/register', { json: { phone: 447700900123, displayName: ['x'] } });
    assert.deepEqual([wrongType.status, wrongType.body.code], [400, 'COMMON_VALIDATION_FAILED']);
    assert.deepEqual(wrongType.body.errors.map((error) => error.path).sort(), ['displayName', 'phone']);

    const unknownField = await callEdge<{ code: string }>('POST', '/api/auth/login', { json: { phone: freshPhoneNumber(), admin: true } });
    assert.deepEqual([unknownField.status, unknownField.body.code], [400, 'COMMON_VALIDATION_FAILED']);

    const oversized = await callEdge<{ code: string }>('POST', '/api/auth/register', { json: { phone: freshPhoneNumber(), displayName: 'x'.repeat(64 * 1024) } });
    assert.deepEqual([oversized.status, oversized.body.code], [413, 'COMMON_PAYLOAD_TOO_LARGE']);

    const notAChallenge = await callEdge<{ code: string }>('POST', '/api/auth/login/verify', { json: { challengeId: 'nope', code: '12' } });
    assert.deepEqual([notAChallenge.status, notAChallenge.body.code], [400, 'COMMON_VALIDATION_FAILED']);
  });

  it('an expired code is AUTH_CODE_EXPIRED', async () => {
    const phone = freshPhoneNumber();
    const started = await callEdge<{ challengeId: string }>('POST', '/api/auth/register', { json: { phone, displayName: 'Late' } });
    // Five minutes pass: the operator moves the challenge's expiry into the past.
    await withRedis(credentials().redis.admin, 'operator', (redis) => redis.hset(`auth:challenge:${started.body.challengeId}`, 'expiresAt', String(Date.now() - 1000)));
    const late = await callEdge<{ code: string }>('POST', '/api/auth/register/verify', { json: { challengeId: started.body.challengeId, code: '123456' } });
    assert.deepEqual([late.status, late.body.code], [400, 'AUTH_CODE_EXPIRED']);
  });

  it('five wrong codes lock the challenge: even the right code is refused afterwards', async () => {
    const user = await signUp('Locked');
    const started = await callEdge<{ challengeId: string }>('POST', '/api/auth/login', { json: { phone: user.phone } });
    const codes: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      codes.push((await callEdge<{ code: string }>('POST', '/api/auth/login/verify', { json: { challengeId: started.body.challengeId, code: '000000' } })).body.code);
    }
    assert.deepEqual(codes, ['AUTH_CODE_INVALID', 'AUTH_CODE_INVALID', 'AUTH_CODE_INVALID', 'AUTH_CODE_INVALID', 'AUTH_CODE_LOCKED']);
    const after = await callEdge<{ code: string }>('POST', '/api/auth/login/verify', { json: { challengeId: started.body.challengeId, code: '000000' } });
    assert.equal(after.body.code, 'AUTH_CHALLENGE_INVALID');
  });

  it('more than five codes an hour to one number is AUTH_RATE_LIMITED with a retry time', async () => {
    const phone = freshPhoneNumber();
    const statuses: number[] = [];
    let last = { code: '', retryAfterSeconds: 0 };
    for (let attempt = 0; attempt < 6; attempt++) {
      const reply = await callEdge<{ code: string; retryAfterSeconds: number }>('POST', '/api/auth/register', { json: { phone, displayName: 'Spammy' } });
      statuses.push(reply.status);
      last = reply.body;
    }
    assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429]);
    assert.equal(last.code, 'AUTH_RATE_LIMITED');
    assert.ok(last.retryAfterSeconds > 0 && last.retryAfterSeconds <= 3600);
  });

  it('one client address that asked for too many codes is AUTH_RATE_LIMITED for every number, and a forged X-Forwarded-For does not help; other addresses are unaffected', async () => {
    // A client address of its own (all of 127/8 is loopback), so earlier runs and other tests never share its count.
    const clientAddress = () => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
    const [counted, spammer, bystander] = [clientAddress(), clientAddress(), clientAddress()];
    const counterOf = (address: string) => `auth:rl:send-ip:${address}`;
    const admin = credentials().redis.admin;

    // Auth counts codes against the address the edge saw, for registrations and logins alike.
    for (const path of ['/api/auth/register', '/api/auth/login']) {
      const reply = await callEdge('POST', path, { json: { phone: freshPhoneNumber(), ...(path.endsWith('register') ? { displayName: 'Counted' } : {}) }, localAddress: counted });
      assert.equal(reply.status, 202);
    }
    assert.equal(await withRedis(admin, 'operator', (redis) => redis.get(counterOf(counted))), '2');

    // This address has used up its hour (development allows many, so the operator spends them).
    await withRedis(admin, 'operator', (redis) => redis.set(counterOf(spammer), String(developmentCodeSendsPerIpPerHour), 'PX', 3_600_000));
    const victim = freshPhoneNumber();
    const refused = await callEdge<{ code: string; retryAfterSeconds: number }>('POST', '/api/auth/register', { json: { phone: victim, displayName: 'Spammy' }, localAddress: spammer });
    assert.deepEqual([refused.status, refused.body.code], [429, 'AUTH_RATE_LIMITED']);
    assert.ok(refused.body.retryAfterSeconds > 0 && refused.body.retryAfterSeconds <= 3600);
    const forged = await callEdge<{ code: string }>('POST', '/api/auth/login', { json: { phone: freshPhoneNumber() }, localAddress: spammer, headers: { 'x-forwarded-for': bystander } });
    assert.deepEqual([forged.status, forged.body.code], [429, 'AUTH_RATE_LIMITED']);

    const elsewhere = await callEdge('POST', '/api/auth/register', { json: { phone: victim, displayName: 'Real person' }, localAddress: bystander });
    assert.equal(elsewhere.status, 202);
    await latestSmsCode(victim);
    const textsToVictim = readFileSync(smsSinkFile, 'utf8').trim().split('\n').filter((line) => (JSON.parse(line) as { to: string }).to === victim);
    assert.equal(textsToVictim.length, 1, 'only the request from the unthrottled address sent a code');
  });

  it('the OpenAPI document lists the auth routes and their error codes', async () => {
    const document = await callEdge<{ openapi: string; paths: Record<string, unknown>; components: { schemas: { Problem: { properties: { code: { enum: string[] } } } } } }>('GET', '/api/auth/openapi.json');
    assert.equal(document.status, 200);
    assert.match(document.body.openapi, /^3\.1/);
    assert.ok(document.body.paths['/api/auth/login/verify']);
    assert.ok(document.body.components.schemas.Problem.properties.code.enum.includes('AUTH_REFRESH_REUSED'));
  });
});
