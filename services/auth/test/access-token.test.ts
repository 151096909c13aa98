import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { issueAccessToken } from '../src/domain/access-token.ts';
import { generateSigningKey } from '../src/domain/signing-keys.ts';

describe('access token issuance', () => {
  const key = generateSigningKey(new Date());
  const now = new Date('2026-06-01T09:00:00.750Z');
  const options = { issuer: 'https://auth.lynk.test', audience: 'lynk', ttlSeconds: 600, now };

  it('signs ES256 with the key id in the header', () => {
    const { token } = issueAccessToken({ userId: 'user-1', sessionId: 'session-1' }, key, options);
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'ES256', typ: 'JWT', kid: key.kid });
  });

  it('carries exactly sub, sid, iat, exp, iss and aud, and verifies with the public JWK (checked by jose)', async () => {
    const { token, expiresAt } = issueAccessToken({ userId: 'user-1', sessionId: 'session-1' }, key, options);
    const issuedAt = Math.floor(now.getTime() / 1000);

    const { payload } = await jwtVerify(token, await importJWK({ ...key.publicJwk }, 'ES256'), {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: ['ES256'],
      currentDate: now,
    });

    assert.deepEqual(payload, { sub: 'user-1', sid: 'session-1', iat: issuedAt, exp: issuedAt + 600, iss: options.issuer, aud: 'lynk' });
    assert.deepEqual(expiresAt, new Date((issuedAt + 600) * 1000));
  });

  it('refuses a TTL that is not a positive whole number of seconds', () => {
    for (const ttlSeconds of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => issueAccessToken({ userId: 'u', sessionId: 's' }, key, { ...options, ttlSeconds }), /positive whole number/);
    }
  });
});
