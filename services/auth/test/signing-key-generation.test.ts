import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { validate, version } from 'uuid';
import { generateSigningKey } from '../src/domain/signing-keys.ts';

describe('signing key generation', () => {
  const now = new Date('2026-04-01T08:30:00.123Z');
  const key = generateSigningKey(now);

  it('names the key with a UUIDv7 carrying its creation time', () => {
    assert.ok(validate(key.kid));
    assert.equal(version(key.kid), 7);
    assert.equal(parseInt(key.kid.replace(/-/g, '').slice(0, 12), 16), now.getTime());
    assert.equal(key.createdAt, now);
  });

  it('is an ES256 (P-256) pair whose public JWK verifies what the private PEM signs', () => {
    assert.equal(key.algorithm, 'ES256');
    assert.match(key.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(createPrivateKey(key.privateKeyPem).asymmetricKeyDetails?.namedCurve, 'prime256v1');
    const signature = sign('sha256', Buffer.from('lynk'), { key: key.privateKeyPem, dsaEncoding: 'ieee-p1363' });
    assert.ok(verify('sha256', Buffer.from('lynk'), { key: createPublicKey({ key: key.publicJwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' }, signature));
  });

  it('keeps the private part out of the public JWK', () => {
    assert.deepEqual(Object.keys(key.publicJwk).sort(), ['crv', 'kty', 'x', 'y']);
    assert.equal(key.publicJwk.crv, 'P-256');
  });

  it('gives later keys larger kids and every key a fresh pair', () => {
    const later = generateSigningKey(new Date(now.getTime() + 1));
    assert.ok(later.kid > key.kid);
    assert.notEqual(later.publicJwk.x, key.publicJwk.x);
  });
});
