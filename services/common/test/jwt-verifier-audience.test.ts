import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestSigningKey, joseOutcome, jwksSource, lynkOutcome, signToken, testVerifier, validClaims } from './fixtures/access-tokens.ts';

describe('jwt verifier: audience', () => {
  it('refuses a token issued for another audience', async () => {
    const key = await createTestSigningKey('key-aud');
    const source = jwksSource([key.publicJwk]);
    const token = await signToken(key, validClaims({ aud: 'some-other-api' }));

    assert.equal(await lynkOutcome(testVerifier(source), token), 'AUTH_TOKEN_INVALID');
    assert.equal(await joseOutcome(source.keys, token), 'rejected');
  });

  it('refuses a token without an audience', async () => {
    const key = await createTestSigningKey('key-no-aud');
    const source = jwksSource([key.publicJwk]);
    const claims = validClaims();
    delete claims.aud;
    const token = await signToken(key, claims);

    assert.equal(await lynkOutcome(testVerifier(source), token), 'AUTH_TOKEN_INVALID');
    assert.equal(await joseOutcome(source.keys, token), 'rejected');
  });
});
