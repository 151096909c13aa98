import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateTotpSecret, verifyTotp } from '../src/domain/totp.ts';
import { base32Decode, referenceTotp } from './fixtures/reference-totp.ts';

const secret = generateTotpSecret();
const step = 58_100_000;
const now = new Date(step * 30_000 + 10_000);
const codeFor = (offset: number) => referenceTotp(base32Decode(secret), step + offset);

describe('TOTP: replay protection', () => {
  it('refuses the same code a second time once its step is stored', () => {
    const first = verifyTotp({ secret, token: codeFor(0), lastUsedStep: null, now });
    assert.deepEqual(first, { ok: true, step });

    assert.deepEqual(verifyTotp({ secret, token: codeFor(0), lastUsedStep: step, now }), { ok: false, reason: 'replayed' });
  });

  it('refuses an older code from inside the window after a newer one was used', () => {
    assert.deepEqual(verifyTotp({ secret, token: codeFor(-1), lastUsedStep: step, now }), { ok: false, reason: 'replayed' });
  });

  it('accepts the next step after the current one was used', () => {
    assert.deepEqual(verifyTotp({ secret, token: codeFor(1), lastUsedStep: step, now }), { ok: true, step: step + 1 });
  });

  it('accepts a code from the previous step when an even older step was stored', () => {
    assert.deepEqual(verifyTotp({ secret, token: codeFor(-1), lastUsedStep: step - 2, now }), { ok: true, step: step - 1 });
  });

  it('calls a wrong code invalid, not replayed', () => {
    const wrong = codeFor(0) === '000000' ? '000001' : '000000';
    assert.deepEqual(verifyTotp({ secret, token: wrong, lastUsedStep: step, now }), { ok: false, reason: 'invalid' });
  });

  it('refuses every code while the stored step is ahead of the window (clock moved back) without throwing', () => {
    for (const offset of [-1, 0, 1]) {
      assert.deepEqual(verifyTotp({ secret, token: codeFor(offset), lastUsedStep: step + 5, now }), { ok: false, reason: 'replayed' }, `offset ${offset}`);
    }
  });
});
