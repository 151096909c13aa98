import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestSigningKey, fixedNowMs, joseOutcome, jwksSource, lynkOutcome, signToken, testVerifier } from './fixtures/access-tokens.ts';

describe('jwt verifier: key rotation', () => {
  it('refetches the JWKS exactly once for an unknown kid, then accepts the rotated key', async () => {
    const oldKey = await createTestSigningKey('key-old');
    const newKey = await createTestSigningKey('key-new');
    const source = jwksSource([oldKey.publicJwk]);
    let clock = fixedNowMs;
    const verifier = testVerifier(source, { now: () => clock });
    assert.equal(await lynkOutcome(verifier, await signToken(oldKey)), 'accepted');
    assert.equal(source.fetches, 1);

    source.keys = [newKey.publicJwk, oldKey.publicJwk];
    clock += 30_000;
    const rotatedToken = await signToken(newKey);

    assert.equal(await lynkOutcome(verifier, rotatedToken), 'accepted');
    assert.equal(source.fetches, 2);
    assert.equal(await joseOutcome(source.keys, rotatedToken), 'accepted');
    assert.equal(await lynkOutcome(verifier, await signToken(oldKey)), 'accepted');
    assert.equal(source.fetches, 2);
  });

  it('refuses a token signed with a key auth does not publish', async () => {
    const published = await createTestSigningKey('key-published');
    const unpublished = await createTestSigningKey('key-unpublished');
    const source = jwksSource([published.publicJwk]);
    const token = await signToken(unpublished);

    assert.equal(await lynkOutcome(testVerifier(source), token), 'AUTH_TOKEN_INVALID');
    assert.equal(await joseOutcome(source.keys, token), 'rejected');
  });
});
