import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestSigningKey, fixedNowMs, fixedNowSeconds, joseOutcome, jwksSource, lynkOutcome, signToken, testVerifier, validClaims } from './fixtures/access-tokens.ts';

/** The verifier remembers tokens it verified; none of these checks may be skipped because of that. */
describe('jwt verifier: remembered tokens', () => {
  it('refuses a token it accepted before once the token expires', async () => {
    const key = await createTestSigningKey('key-remembered-expiry');
    const source = jwksSource([key.publicJwk]);
    let clock = fixedNowMs;
    const verifier = testVerifier(source, { now: () => clock });
    const token = await signToken(key, validClaims({ exp: fixedNowSeconds + 60 }));

    assert.equal(await lynkOutcome(verifier, token), 'accepted');
    clock += 64_000;
    assert.equal(await lynkOutcome(verifier, token), 'accepted', 'still within the 5 s tolerance');
    clock += 2_000;
    assert.equal(await lynkOutcome(verifier, token), 'AUTH_TOKEN_EXPIRED');
    assert.equal(await joseOutcome(source.keys, token, clock), 'rejected');
  });

  it('refuses a token it accepted before once its session is revoked', async () => {
    const key = await createTestSigningKey('key-remembered-revoked');
    const source = jwksSource([key.publicJwk]);
    const revoked = new Set<string>();
    const verifier = testVerifier(source, { isSessionRevoked: async (sessionId) => revoked.has(sessionId) });
    const token = await signToken(key, validClaims({ sid: 'session-remembered' }));

    assert.equal(await lynkOutcome(verifier, token), 'accepted');
    revoked.add('session-remembered');
    assert.equal(await lynkOutcome(verifier, token), 'AUTH_SESSION_REVOKED');
  });

  it('refuses a token it accepted before once auth stops publishing its key', async () => {
    const withdrawn = await createTestSigningKey('key-withdrawn');
    const current = await createTestSigningKey('key-current');
    const source = jwksSource([withdrawn.publicJwk]);
    let clock = fixedNowMs;
    const verifier = testVerifier(source, { now: () => clock, cacheTtlMs: 60_000 });
    const token = await signToken(withdrawn);

    assert.equal(await lynkOutcome(verifier, token), 'accepted');
    source.keys = [current.publicJwk];
    clock += 61_000;
    assert.equal(await lynkOutcome(verifier, token), 'AUTH_TOKEN_INVALID');
    assert.equal(await joseOutcome(source.keys, token, clock), 'rejected');
  });

  it('refuses a forged payload carrying the signature of a token it accepted', async () => {
    const key = await createTestSigningKey('key-remembered-forgery');
    const source = jwksSource([key.publicJwk]);
    const verifier = testVerifier(source);
    const genuine = await signToken(key, validClaims({ sub: 'user-genuine' }));
    const [header, , signature] = genuine.split('.');
    const forgedPayload = Buffer.from(JSON.stringify(validClaims({ sub: 'user-attacker' }))).toString('base64url');
    const forged = `${header}.${forgedPayload}.${signature}`;

    assert.equal(await lynkOutcome(verifier, genuine), 'accepted');
    assert.equal(await lynkOutcome(verifier, forged), 'AUTH_TOKEN_INVALID');
    assert.equal((await verifier.verify(genuine)).userId, 'user-genuine');
  });

  it('does not fetch the key set again to accept a token it remembers', async () => {
    const key = await createTestSigningKey('key-remembered-fetches');
    const source = jwksSource([key.publicJwk]);
    const verifier = testVerifier(source);
    const token = await signToken(key);

    for (let round = 0; round < 5; round++) assert.equal(await lynkOutcome(verifier, token), 'accepted');
    assert.equal(source.fetches, 1);
  });
});
