import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateSmsCode, maxCodeAttempts, smsCodeTtlSeconds } from '../src/domain/sms-code.ts';

describe('SMS code generation', () => {
  const codes = Array.from({ length: 5_000 }, generateSmsCode);

  it('produces six digits every time', () => {
    for (const code of codes) assert.match(code, /^\d{6}$/);
  });

  it('keeps leading zeros (a tenth of all codes start with 0)', () => {
    const leadingZero = codes.filter((code) => code.startsWith('0')).length;
    assert.ok(leadingZero > 300 && leadingZero < 700, `${leadingZero} of 5000 start with 0`);
  });

  it('spreads codes over the whole range', () => {
    assert.ok(new Set(codes).size > 4_900);
    const firstDigits = new Set(codes.map((code) => code[0]));
    assert.equal(firstDigits.size, 10);
  });

  it('expires after five minutes and allows five attempts', () => {
    assert.equal(smsCodeTtlSeconds, 300);
    assert.equal(maxCodeAttempts, 5);
  });
});
