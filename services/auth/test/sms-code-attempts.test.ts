import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashSmsCode, judgeSmsCodeAttempt, maxCodeAttempts, type SmsChallengeState } from '../src/domain/sms-code.ts';

const pepper = Buffer.alloc(32, 7);
const issuedAt = new Date('2026-03-01T10:00:00Z');

function challenge(failedAttempts = 0): SmsChallengeState {
  return { id: 'challenge-1', codeHash: hashSmsCode('314159', 'challenge-1', pepper), expiresAt: new Date(issuedAt.getTime() + 300_000), failedAttempts };
}

describe('SMS code attempts', () => {
  it('accepts the right code before it expires', () => {
    assert.deepEqual(judgeSmsCodeAttempt(challenge(), '314159', pepper, issuedAt), { outcome: 'accepted' });
    assert.deepEqual(judgeSmsCodeAttempt(challenge(maxCodeAttempts - 1), '314159', pepper, new Date(issuedAt.getTime() + 299_999)), { outcome: 'accepted' });
  });

  it('counts down the attempts left after a wrong code', () => {
    assert.deepEqual(judgeSmsCodeAttempt(challenge(0), '000000', pepper, issuedAt), { outcome: 'wrong', attemptsLeft: 4 });
    assert.deepEqual(judgeSmsCodeAttempt(challenge(4), '000000', pepper, issuedAt), { outcome: 'wrong', attemptsLeft: 0 });
  });

  it('locks the challenge after five wrong codes, even for the right code', () => {
    assert.deepEqual(judgeSmsCodeAttempt(challenge(5), '314159', pepper, issuedAt), { outcome: 'locked' });
  });

  it('refuses any code once the five minutes are over', () => {
    assert.deepEqual(judgeSmsCodeAttempt(challenge(), '314159', pepper, new Date(issuedAt.getTime() + 300_000)), { outcome: 'expired' });
  });
});
