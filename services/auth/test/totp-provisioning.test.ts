import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateTotpSecret, totpKeyUri, totpQrPng, verifyTotp } from '../src/domain/totp.ts';
import { base32Decode, referenceTotp, stepAt } from './fixtures/reference-totp.ts';

describe('TOTP: provisioning an authenticator app', () => {
  it('generates distinct 160-bit Base32 secrets', () => {
    const secrets = new Set(Array.from({ length: 50 }, generateTotpSecret));
    assert.equal(secrets.size, 50);
    for (const secret of secrets) {
      assert.match(secret, /^[A-Z2-7]{32}$/);
      assert.equal(base32Decode(secret).length, 20);
    }
  });

  it('builds an otpauth URI naming Lynk, the account and the secret', () => {
    const secret = generateTotpSecret();
    const uri = new URL(totpKeyUri({ secret, accountName: 'alice@lynk.test', issuer: 'Lynk' }));

    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), '/Lynk:alice@lynk.test');
    assert.equal(uri.searchParams.get('secret'), secret);
    assert.equal(uri.searchParams.get('issuer'), 'Lynk');
    for (const [name, expected] of [['algorithm', 'SHA1'], ['digits', '6'], ['period', '30']] as const) {
      const value = uri.searchParams.get(name);
      assert.ok(value === null || value === expected, `${name}=${value}`);
    }
  });

  it('uses Lynk as the issuer by default', () => {
    assert.equal(new URL(totpKeyUri({ secret: generateTotpSecret(), accountName: 'bob' })).searchParams.get('issuer'), 'Lynk');
  });

  it('renders the URI as a PNG QR code', async () => {
    const png = await totpQrPng(totpKeyUri({ secret: generateTotpSecret(), accountName: 'carol' }));

    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
    assert.equal(png.readUInt32BE(16), 256);
    assert.equal(png.readUInt32BE(20), 256);
  });

  it('a freshly generated secret verifies the code an app would show now', () => {
    const secret = generateTotpSecret();
    const now = new Date();
    assert.deepEqual(verifyTotp({ secret, token: referenceTotp(base32Decode(secret), stepAt(now)), lastUsedStep: null }), { ok: true, step: stepAt(now) });
  });
});
