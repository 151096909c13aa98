import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestSigningKey, fixedNowSeconds, joseOutcome, jwksSource, signToken, testVerifier, validClaims } from './fixtures/access-tokens.ts';

describe('jwt verifier: a valid ES256 token', () => {
  it('is accepted and yields the user, the session and the expiry', async () => {
    const key = await createTestSigningKey('key-valid');
    const source = jwksSource([key.publicJwk]);
    const token = await signToken(key, validClaims({ sub: 'user-42', sid: 'session-7' }));

    const verified = await testVerifier(source).verify(token);

    assert.deepEqual(verified, { userId: 'user-42', sessionId: 'session-7', expiresAt: new Date((fixedNowSeconds + 540) * 1000) });
    assert.equal(await joseOutcome(source.keys, token), 'accepted');
  });

  it('fetches the JWKS once and serves later tokens from the cache', async () => {
    const key = await createTestSigningKey('key-cached');
    const source = jwksSource([key.publicJwk]);
    const verifier = testVerifier(source);

    for (let i = 0; i < 5; i += 1) await verifier.verify(await signToken(key, validClaims({ sid: `session-${i}` })));

    assert.equal(source.fetches, 1);
  });
});
