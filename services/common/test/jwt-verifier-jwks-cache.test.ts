import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestSigningKey, fixedNowMs, jwksSource, lynkOutcome, signToken, testVerifier } from './fixtures/access-tokens.ts';

describe('jwt verifier: JWKS cache', () => {
  it('refreshes the JWKS after cacheTtlMs, so a key auth stopped publishing stops being accepted', async () => {
    const key = await createTestSigningKey('key-withdrawn');
    const source = jwksSource([key.publicJwk]);
    let clock = fixedNowMs;
    const verifier = testVerifier(source, { now: () => clock, cacheTtlMs: 60_000 });
    const token = await signToken(key);
    assert.equal(await lynkOutcome(verifier, token), 'accepted');

    source.keys = [];
    clock += 59_999;
    assert.equal(await lynkOutcome(verifier, token), 'accepted');
    assert.equal(source.fetches, 1);
    clock += 1;
    assert.equal(await lynkOutcome(verifier, token), 'AUTH_TOKEN_INVALID');
    assert.equal(source.fetches, 2);
  });

  it('keeps using the cached keys when a refresh fails, and reports the failure', async () => {
    const key = await createTestSigningKey('key-stale');
    const source = jwksSource([key.publicJwk]);
    let clock = fixedNowMs;
    const failures: unknown[] = [];
    const verifier = testVerifier(source, { now: () => clock, cacheTtlMs: 60_000, onFetchError: (error) => failures.push(error) });
    const token = await signToken(key);
    assert.equal(await lynkOutcome(verifier, token), 'accepted');

    source.fetchJwks = async () => {
      source.fetches += 1;
      throw new Error('auth is down');
    };
    clock += 60_000;
    assert.equal(await lynkOutcome(verifier, token), 'accepted');
    assert.equal(source.fetches, 2);
    assert.equal(failures.length, 1);
  });

  it('answers 503 AUTH_KEYS_UNAVAILABLE when no key set was ever loaded', async () => {
    const key = await createTestSigningKey('key-never-loaded');
    const verifier = testVerifier(
      {
        keys: [],
        fetches: 0,
        fetchJwks: async () => {
          throw new Error('connection refused');
        },
      },
      { onFetchError: () => undefined },
    );

    await assert.rejects(verifier.verify(await signToken(key)), { code: 'AUTH_KEYS_UNAVAILABLE', status: 503 });
  });

  it('skips malformed or non-ES256 entries instead of failing the whole set', async () => {
    const key = await createTestSigningKey('key-among-junk');
    const source = jwksSource([{ kty: 'EC', crv: 'P-256', kid: 'broken', x: 'AAAA', y: 'BBBB' }, { kty: 'oct', k: 'c2VjcmV0', kid: 'symmetric' }, key.publicJwk]);

    assert.equal(await lynkOutcome(testVerifier(source), await signToken(key)), 'accepted');
  });
});
