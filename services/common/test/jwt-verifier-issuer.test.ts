import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestSigningKey, joseOutcome, jwksSource, lynkOutcome, signToken, testVerifier, validClaims } from './fixtures/access-tokens.ts';

describe('jwt verifier: issuer', () => {
  it('refuses a token from another issuer', async () => {
    const key = await createTestSigningKey('key-iss');
    const source = jwksSource([key.publicJwk]);
    const token = await signToken(key, validClaims({ iss: 'https://evil.example' }));

    assert.equal(await lynkOutcome(testVerifier(source), token), 'AUTH_TOKEN_INVALID');
    assert.equal(await joseOutcome(source.keys, token), 'rejected');
  });
});
