import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestSigningKey, joseOutcome, jwksSource, lynkOutcome, signToken, testVerifier, validClaims } from './fixtures/access-tokens.ts';

describe('jwt verifier: revoked session', () => {
  it('refuses a well-signed token whose session was revoked', async () => {
    const key = await createTestSigningKey('key-revoked');
    const source = jwksSource([key.publicJwk]);
    const asked: string[] = [];
    const verifier = testVerifier(source, {
      isSessionRevoked: async (sessionId) => {
        asked.push(sessionId);
        return sessionId === 'session-signed-out';
      },
    });
    const revoked = await signToken(key, validClaims({ sid: 'session-signed-out' }));
    const live = await signToken(key, validClaims({ sid: 'session-live' }));

    assert.equal(await lynkOutcome(verifier, revoked), 'AUTH_SESSION_REVOKED');
    assert.equal(await lynkOutcome(verifier, live), 'accepted');
    assert.deepEqual(asked, ['session-signed-out', 'session-live']);
    // Revocation lives outside the JWT: jose, which only sees the token, accepts it.
    assert.equal(await joseOutcome(source.keys, revoked), 'accepted');
  });

  it('does not ask about revocation for a token that fails verification', async () => {
    const key = await createTestSigningKey('key-revoked-order');
    const source = jwksSource([key.publicJwk]);
    let asked = 0;
    const verifier = testVerifier(source, { isSessionRevoked: async () => ((asked += 1), false) });

    await lynkOutcome(verifier, await signToken(key, validClaims({ aud: 'elsewhere' })));

    assert.equal(asked, 0);
  });
});
