import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { decryptPrivateKey, encryptPrivateKey, generateSigningKey } from '../src/domain/signing-keys.ts';

describe('signing key encryption at rest', () => {
  const masterKey = randomBytes(32);
  const key = generateSigningKey(new Date());

  it('round-trips the private key PEM', () => {
    const sealed = encryptPrivateKey(key.privateKeyPem, masterKey, key.kid);
    assert.equal(decryptPrivateKey(sealed, masterKey, key.kid), key.privateKeyPem);
  });

  it('writes v1.<iv>.<tag>.<ciphertext> in base64url with a 12-byte IV and a 16-byte tag', () => {
    const sealed = encryptPrivateKey(key.privateKeyPem, masterKey, key.kid);
    const [version, iv, tag, ciphertext, ...rest] = sealed.split('.');
    assert.equal(version, 'v1');
    assert.equal(rest.length, 0);
    for (const part of [iv, tag, ciphertext]) assert.match(part!, /^[A-Za-z0-9_-]+$/);
    assert.equal(Buffer.from(iv!, 'base64url').length, 12);
    assert.equal(Buffer.from(tag!, 'base64url').length, 16);
    assert.ok(!sealed.includes('PRIVATE KEY'));
  });

  it('uses a fresh IV every time', () => {
    const first = encryptPrivateKey(key.privateKeyPem, masterKey, key.kid);
    const second = encryptPrivateKey(key.privateKeyPem, masterKey, key.kid);
    assert.notEqual(first.split('.')[1], second.split('.')[1]);
  });

  it('refuses to decrypt under another kid, so ciphertexts cannot be swapped between rows', () => {
    const other = generateSigningKey(new Date());
    const sealed = encryptPrivateKey(key.privateKeyPem, masterKey, key.kid);
    assert.throws(() => decryptPrivateKey(sealed, masterKey, other.kid), /could not be decrypted/);
  });

  it('refuses a wrong master key', () => {
    const sealed = encryptPrivateKey(key.privateKeyPem, masterKey, key.kid);
    assert.throws(() => decryptPrivateKey(sealed, randomBytes(32), key.kid), /could not be decrypted/);
  });

  it('refuses a ciphertext with a changed byte', () => {
    const [version, iv, tag, ciphertext] = encryptPrivateKey(key.privateKeyPem, masterKey, key.kid).split('.');
    const bytes = Buffer.from(ciphertext!, 'base64url');
    bytes[10]! ^= 1;
    assert.throws(() => decryptPrivateKey([version, iv, tag, bytes.toString('base64url')].join('.'), masterKey, key.kid), /could not be decrypted/);
  });

  it('refuses unknown formats and master keys that are not 32 bytes', () => {
    const sealed = encryptPrivateKey(key.privateKeyPem, masterKey, key.kid);
    assert.throws(() => decryptPrivateKey(sealed.replace(/^v1/, 'v2'), masterKey, key.kid), /not in the v1 format/);
    assert.throws(() => decryptPrivateKey('v1.abc', masterKey, key.kid), /not in the v1 format/);
    assert.throws(() => encryptPrivateKey(key.privateKeyPem, randomBytes(16), key.kid), /must be 32 bytes/);
  });
});
