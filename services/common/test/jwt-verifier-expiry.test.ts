import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestSigningKey, fixedNowSeconds, joseOutcome, jwksSource, lynkOutcome, signToken, testVerifier, validClaims } from './fixtures/access-tokens.ts';

describe('jwt verifier: expiry', () => {
  it('refuses a token that expired beyond the clock tolerance with AUTH_TOKEN_EXPIRED', async () => {
    const key = await createTestSigningKey('key-expired');
    const source = jwksSource([key.publicJwk]);
    const token = await signToken(key, validClaims({ iat: fixedNowSeconds - 660, exp: fixedNowSeconds - 60 }));

    assert.equal(await lynkOutcome(testVerifier(source), token), 'AUTH_TOKEN_EXPIRED');
    assert.equal(await joseOutcome(source.keys, token), 'rejected');
  });

  it('accepts a token that expired within the 5 s clock tolerance', async () => {
    const key = await createTestSigningKey('key-skew');
    const source = jwksSource([key.publicJwk]);
    const token = await signToken(key, validClaims({ exp: fixedNowSeconds - 3 }));

    assert.equal(await lynkOutcome(testVerifier(source), token), 'accepted');
    assert.equal(await joseOutcome(source.keys, token), 'accepted');
  });

  it('refuses a token that is not valid yet', async () => {
    const key = await createTestSigningKey('key-nbf');
    const source = jwksSource([key.publicJwk]);
    const token = await signToken(key, validClaims({ nbf: fixedNowSeconds + 120 }));

    assert.equal(await lynkOutcome(testVerifier(source), token), 'AUTH_TOKEN_INVALID');
    assert.equal(await joseOutcome(source.keys, token), 'rejected');
  });
});
