import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createJwtVerifier } from '@lynk/common';
import { issueAccessToken } from '../src/domain/access-token.ts';
import { jwksDocument } from '../src/domain/jwks.ts';
import { generateSigningKey, keysToPublish, signingKeyPolicy } from '../src/domain/signing-keys.ts';

const issuer = 'https://auth.lynk.test';
const audience = 'lynk';
const jwksUrl = 'https://auth.lynk.test/.well-known/jwks.json';

describe('auth tokens through the common verifier', () => {
  it('a token auth issues is accepted by the verifier every service uses, also after the key is retired', async () => {
    const start = new Date('2026-07-01T00:00:00Z');
    const oldKey = { ...generateSigningKey(start), activatesAt: start, retiredAt: null as Date | null };
    const oldToken = issueAccessToken({ userId: 'user-9', sessionId: 'session-9' }, oldKey, { issuer, audience, ttlSeconds: signingKeyPolicy.accessTokenTtlSeconds, now: start });

    const rotationTime = new Date(start.getTime() + 60_000);
    const newKey = { ...generateSigningKey(rotationTime), activatesAt: rotationTime, retiredAt: null };
    oldKey.retiredAt = rotationTime;
    const newToken = issueAccessToken({ userId: 'user-9', sessionId: 'session-10' }, newKey, { issuer, audience, ttlSeconds: signingKeyPolicy.accessTokenTtlSeconds, now: rotationTime });

    const verifier = createJwtVerifier({
      jwksUrl,
      issuer,
      audience,
      now: () => rotationTime.getTime() + 1_000,
      fetchJwks: async () => jwksDocument(keysToPublish([oldKey, newKey], rotationTime, signingKeyPolicy.accessTokenTtlSeconds)),
    });

    assert.deepEqual(await verifier.verify(oldToken.token), { userId: 'user-9', sessionId: 'session-9', expiresAt: oldToken.expiresAt });
    assert.deepEqual(await verifier.verify(newToken.token), { userId: 'user-9', sessionId: 'session-10', expiresAt: newToken.expiresAt });
  });
});
