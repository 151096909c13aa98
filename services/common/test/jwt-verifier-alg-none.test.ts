import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64url, createTestSigningKey, joseOutcome, jwksSource, lynkOutcome, testVerifier, validClaims } from './fixtures/access-tokens.ts';

describe('jwt verifier: alg none', () => {
  it('refuses an unsigned token even when it names a published kid', async () => {
    const key = await createTestSigningKey('key-none');
    const source = jwksSource([key.publicJwk]);
    const unsigned = `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid: key.kid }))}.${base64url(JSON.stringify(validClaims()))}.`;

    assert.equal(await lynkOutcome(testVerifier(source), unsigned), 'AUTH_TOKEN_INVALID');
    assert.equal(await joseOutcome(source.keys, unsigned), 'rejected');
  });

  it('refuses it without asking auth for keys', async () => {
    const key = await createTestSigningKey('key-none-fetch');
    const source = jwksSource([key.publicJwk]);
    const unsigned = `${base64url(JSON.stringify({ alg: 'none', kid: 'forged' }))}.${base64url(JSON.stringify(validClaims()))}.`;

    await lynkOutcome(testVerifier(source), unsigned);

    assert.equal(source.fetches, 0);
  });
});
