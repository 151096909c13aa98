import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64url, createTestSigningKey, joseOutcome, jwksSource, lynkOutcome, signToken, testVerifier, validClaims } from './fixtures/access-tokens.ts';

describe('jwt verifier: signature', () => {
  it('refuses a token signed by another key that claims a published kid', async () => {
    const published = await createTestSigningKey('key-real');
    const impostor = await createTestSigningKey('key-real');
    const source = jwksSource([published.publicJwk]);
    const token = await signToken(impostor);

    assert.equal(await lynkOutcome(testVerifier(source), token), 'AUTH_TOKEN_INVALID');
    assert.equal(await joseOutcome(source.keys, token), 'rejected');
  });

  it('refuses a token whose claims were changed after signing', async () => {
    const key = await createTestSigningKey('key-tamper');
    const source = jwksSource([key.publicJwk]);
    const [header, , signature] = (await signToken(key)).split('.');
    const tampered = `${header}.${base64url(JSON.stringify(validClaims({ sub: 'admin' })))}.${signature}`;

    assert.equal(await lynkOutcome(testVerifier(source), tampered), 'AUTH_TOKEN_INVALID');
    assert.equal(await joseOutcome(source.keys, tampered), 'rejected');
  });
});
