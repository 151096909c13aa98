import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestSigningKey, joseOutcome, jwksSource, lynkOutcome, signToken, testVerifier, validClaims } from './fixtures/access-tokens.ts';

describe('jwt verifier: required claims and header', () => {
  for (const claim of ['sub', 'sid', 'exp'] as const) {
    it(`refuses a token without ${claim}`, async () => {
      const key = await createTestSigningKey(`key-no-${claim}`);
      const source = jwksSource([key.publicJwk]);
      const claims = validClaims();
      delete claims[claim];
      const token = await signToken(key, claims);

      assert.equal(await lynkOutcome(testVerifier(source), token), 'AUTH_TOKEN_INVALID');
      assert.equal(await joseOutcome(source.keys, token), 'rejected');
    });
  }

  it('refuses a token whose header names no kid', async () => {
    const key = await createTestSigningKey('key-no-kid');
    const other = await createTestSigningKey('key-no-kid-other');
    const token = await signToken(key, validClaims(), { kid: null });
    const duringRotation = jwksSource([key.publicJwk, other.publicJwk]);

    assert.equal(await lynkOutcome(testVerifier(duringRotation), token), 'AUTH_TOKEN_INVALID');
    assert.equal(await joseOutcome(duringRotation.keys, token), 'rejected');
    // Stricter than jose on purpose: jose falls back to the only key of a one-key JWKS; Lynk always requires a kid.
    const singleKey = jwksSource([key.publicJwk]);
    assert.equal(await lynkOutcome(testVerifier(singleKey), token), 'AUTH_TOKEN_INVALID');
    assert.equal(await joseOutcome(singleKey.keys, token), 'accepted');
  });

  it('refuses something that is not a JWT at all', async () => {
    const key = await createTestSigningKey('key-garbage');
    const source = jwksSource([key.publicJwk]);

    for (const garbage of ['', 'not-a-token', 'a.b.c', `${Buffer.from('{"alg":"ES256"').toString('base64url')}..`]) {
      assert.equal(await lynkOutcome(testVerifier(source), garbage), 'AUTH_TOKEN_INVALID', garbage);
      assert.equal(await joseOutcome(source.keys, garbage), 'rejected', garbage);
    }
  });
});
