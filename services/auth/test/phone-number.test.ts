import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProblemError } from '@lynk/common';
import { normalizePhoneNumber } from '../src/domain/phone-number.ts';

function refusal(input: string, defaultCountry?: 'US' | 'GB'): string {
  try {
    return `accepted ${normalizePhoneNumber(input, defaultCountry)}`;
  } catch (error) {
    assert.ok(error instanceof ProblemError);
    assert.equal(error.status, 400);
    return error.code;
  }
}

describe('phone numbers', () => {
  it('normalises the ways people write a number to E.164', () => {
    const cases: [string, string][] = [
      ['+1 650 253 0000', '+16502530000'],
      ['+1 (650) 253-0000', '+16502530000'],
      ['  +16502530000  ', '+16502530000'],
      ['+44 20 7946 0958', '+442079460958'],
      ['+33 6 12 34 56 78', '+33612345678'],
      ['+49 151 12345678', '+4915112345678'],
      ['+91 98765 43210', '+919876543210'],
    ];
    for (const [input, e164] of cases) assert.equal(normalizePhoneNumber(input), e164, input);
  });

  it('reads a national number when the caller names the country', () => {
    assert.equal(normalizePhoneNumber('(650) 253-0000', 'US'), '+16502530000');
    assert.equal(normalizePhoneNumber('020 7946 0958', 'GB'), '+442079460958');
  });

  it('refuses numbers that cannot exist, with AUTH_PHONE_INVALID', () => {
    for (const input of ['+1 555 000 0000', '+44 20 1234', '+999 1234567', '+1 650 253 00000000', '+0 123 456 789']) {
      assert.equal(refusal(input), 'AUTH_PHONE_INVALID', input);
    }
  });

  it('refuses input that is not just a phone number', () => {
    for (const input of ['', '   ', 'abc', 'call +16502530000', '+16502530000 please', 'tel:+16502530000', '+1 650 253 0000 ext 12', `+1${'6'.repeat(100)}`]) {
      assert.equal(refusal(input), 'AUTH_PHONE_INVALID', input);
    }
  });

  it('refuses a national number when no country is given', () => {
    assert.equal(refusal('650 253 0000'), 'AUTH_PHONE_INVALID');
  });
});
