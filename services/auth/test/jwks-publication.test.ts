import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jwksDocument } from '../src/domain/jwks.ts';
import { generateSigningKey, keysToPublish } from '../src/domain/signing-keys.ts';

const ttl = 600;
const margin = 60;
const now = new Date('2026-05-01T12:00:00Z');
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);

function storedKey(createdSecondsAgo: number, retiredSecondsAgo: number | null) {
  const key = generateSigningKey(secondsAgo(createdSecondsAgo));
  return { kid: key.kid, publicJwk: key.publicJwk, createdAt: key.createdAt, activatesAt: key.createdAt, retiredAt: retiredSecondsAgo === null ? null : secondsAgo(retiredSecondsAgo) };
}

describe('JWKS publication', () => {
  it('publishes the current key and a key retired less than TTL + margin ago, newest first', () => {
    const current = storedKey(100, null);
    const justRetired = storedKey(90_000, 100);
    const longRetired = storedKey(200_000, 90_000);

    assert.deepEqual(keysToPublish([longRetired, current, justRetired], now, ttl).map((key) => key.kid), [current.kid, justRetired.kid]);
  });

  it('drops a retired key exactly when the last token it could have signed is past expiry and margin', () => {
    const stillNeeded = storedKey(90_000, ttl + margin - 1);
    const noLongerNeeded = storedKey(90_000, ttl + margin);

    assert.deepEqual(keysToPublish([stillNeeded], now, ttl).map((key) => key.kid), [stillNeeded.kid]);
    assert.deepEqual(keysToPublish([noLongerNeeded], now, ttl), []);
  });

  it('follows the access token TTL it is given', () => {
    const retired = storedKey(90_000, 1_000);
    assert.equal(keysToPublish([retired], now, 600).length, 0);
    assert.equal(keysToPublish([retired], now, 3_600).length, 1);
  });

  it('publishes a key that does not sign yet, so verifiers know it before the first token it signs', () => {
    const current = storedKey(100, 15 - 100 - 1);
    const next = { ...storedKey(0, null), activatesAt: new Date(now.getTime() + 15_000) };
    assert.deepEqual(keysToPublish([current, next], now, ttl).map((key) => key.kid).sort(), [current.kid, next.kid].sort());
  });

  it('renders each key as a public ES256 signing JWK with its kid', () => {
    const key = storedKey(10, null);
    const document = jwksDocument([key]);

    assert.deepEqual(document, { keys: [{ kty: 'EC', crv: 'P-256', x: key.publicJwk.x, y: key.publicJwk.y, kid: key.kid, alg: 'ES256', use: 'sig' }] });
  });

  it('never copies a private member into the document', () => {
    const key = storedKey(10, null);
    const document = jwksDocument([{ kid: key.kid, publicJwk: { ...key.publicJwk, d: 'private-scalar' } }]);
    assert.equal(JSON.stringify(document).includes('private-scalar'), false);
  });

  it('refuses a key that is not a P-256 public key', () => {
    assert.throws(() => jwksDocument([{ kid: 'rsa', publicJwk: { kty: 'RSA', n: 'abc', e: 'AQAB' } }]), /not a P-256 public key/);
  });
});
