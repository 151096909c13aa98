import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestSigningKey, joseOutcome, jwksSource, lynkOutcome, signToken, testVerifier } from './fixtures/access-tokens.ts';

describe('jwt verifier: RS256', () => {
  it('is refused even when the RSA key is in the JWKS', async () => {
    const ecKey = await createTestSigningKey('key-ec');
    const rsaKey = await createTestSigningKey('key-rsa', 'RS256');
    const source = jwksSource([ecKey.publicJwk, rsaKey.publicJwk]);
    const token = await signToken(rsaKey, undefined, { alg: 'RS256' });

    assert.equal(await lynkOutcome(testVerifier(source), token), 'AUTH_TOKEN_INVALID');
    assert.equal(await joseOutcome(source.keys, token), 'rejected');
  });
});
