import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateTotpSecret, verifyTotp } from '../src/domain/totp.ts';
import { base32Decode, referenceTotp } from './fixtures/reference-totp.ts';

const secret = generateTotpSecret();
const step = 58_000_000;
const codeFor = (offset: number) => referenceTotp(base32Decode(secret), step + offset);

describe('TOTP: accepted time window', () => {
  for (const [label, now] of [
    ['first millisecond of the step', new Date(step * 30_000)],
    ['last millisecond of the step', new Date(step * 30_000 + 29_999)],
  ] as const) {
    it(`accepts the previous, current and next step at the ${label}`, () => {
      for (const offset of [-1, 0, 1]) {
        assert.deepEqual(verifyTotp({ secret, token: codeFor(offset), lastUsedStep: null, now }), { ok: true, step: step + offset }, `offset ${offset}`);
      }
    });

    it(`refuses codes two steps away at the ${label}`, () => {
      for (const offset of [-2, 2]) {
        assert.deepEqual(verifyTotp({ secret, token: codeFor(offset), lastUsedStep: null, now }), { ok: false, reason: 'invalid' }, `offset ${offset}`);
      }
    });
  }

  it('moves with the clock: one millisecond later the oldest accepted step falls out', () => {
    const lastMomentForPrevious = new Date((step + 1) * 30_000 - 1);
    assert.equal(verifyTotp({ secret, token: codeFor(-1), lastUsedStep: null, now: lastMomentForPrevious }).ok, true);
    assert.deepEqual(verifyTotp({ secret, token: codeFor(-1), lastUsedStep: null, now: new Date((step + 1) * 30_000) }), { ok: false, reason: 'invalid' });
  });

  it('tolerates spaces inside the code and refuses anything that is not six digits', () => {
    const now = new Date(step * 30_000);
    const code = codeFor(0);
    assert.equal(verifyTotp({ secret, token: `${code.slice(0, 3)} ${code.slice(3)}`, lastUsedStep: null, now }).ok, true);
    for (const token of ['', '12345', '1234567', 'abcdef', `${code}0`, code.slice(1)]) {
      assert.deepEqual(verifyTotp({ secret, token, lastUsedStep: null, now }), { ok: false, reason: 'invalid' }, token);
    }
  });
});
