import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { exportSPKI } from 'jose';
import { base64url, createTestSigningKey, joseOutcome, jwksSource, lynkOutcome, testVerifier, validClaims } from './fixtures/access-tokens.ts';

describe('jwt verifier: HS256 signed with the public key as the secret', () => {
  it('is refused (algorithm confusion)', async () => {
    const key = await createTestSigningKey('key-confusion');
    const source = jwksSource([key.publicJwk]);
    const publicPem = await exportSPKI(key.publicKey);
    const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: key.kid }))}.${base64url(JSON.stringify(validClaims()))}`;
    const forged = `${signingInput}.${createHmac('sha256', publicPem).update(signingInput).digest('base64url')}`;

    assert.equal(await lynkOutcome(testVerifier(source), forged), 'AUTH_TOKEN_INVALID');
    assert.equal(await joseOutcome(source.keys, forged), 'rejected');
  });
});
