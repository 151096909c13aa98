import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestSigningKey, fixedNowMs, jwksSource, lynkOutcome, signToken, testVerifier } from './fixtures/access-tokens.ts';

describe('jwt verifier: refetch rate limit', () => {
  it('fetches at most once per minRefetchIntervalMs however many unknown kids arrive', async () => {
    const known = await createTestSigningKey('key-known');
    const source = jwksSource([known.publicJwk]);
    let clock = fixedNowMs;
    const verifier = testVerifier(source, { now: () => clock, minRefetchIntervalMs: 1_000 });
    await verifier.verify(await signToken(known));
    assert.equal(source.fetches, 1);

    clock += 1_000;
    const forgedKeys = await Promise.all(Array.from({ length: 20 }, (_, i) => createTestSigningKey(`forged-${i}`)));
    const outcomes = await Promise.all(forgedKeys.map(async (forged) => lynkOutcome(verifier, await signToken(forged))));
    assert.deepEqual(new Set(outcomes), new Set(['AUTH_TOKEN_INVALID']));
    assert.equal(source.fetches, 2);

    clock += 999;
    assert.equal(await lynkOutcome(verifier, await signToken(forgedKeys[0]!)), 'AUTH_TOKEN_INVALID');
    assert.equal(source.fetches, 2);

    clock += 1;
    assert.equal(await lynkOutcome(verifier, await signToken(forgedKeys[1]!)), 'AUTH_TOKEN_INVALID');
    assert.equal(source.fetches, 3);
  });
});
