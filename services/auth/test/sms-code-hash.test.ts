import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { hashSmsCode, smsCodeMatches } from '../src/domain/sms-code.ts';

const pepper = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const challengeId = '0190f3a2-7c1e-7b6a-9d2e-5f4c3b2a1908';

describe('SMS code hashing', () => {
  it('is HMAC-SHA256 over challenge id and code with the pepper as key (pinned vector from python hmac)', () => {
    assert.equal(hashSmsCode('042137', challengeId, pepper), '771b0673dd5bc5922baa76f6316b63dca711ea072df103b1db541c4a8fdd3918');
  });

  it('matches only the same code for the same challenge under the same pepper', () => {
    const stored = hashSmsCode('042137', challengeId, pepper);
    assert.equal(smsCodeMatches('042137', challengeId, pepper, stored), true);
    assert.equal(smsCodeMatches('042138', challengeId, pepper, stored), false);
    assert.equal(smsCodeMatches('42137', challengeId, pepper, stored), false);
    assert.equal(smsCodeMatches('042137', '0190f3a2-7c1e-7b6a-9d2e-5f4c3b2a1909', pepper, stored), false);
    assert.equal(smsCodeMatches('042137', challengeId, randomBytes(32), stored), false);
  });

  it('gives the same code different hashes in different challenges', () => {
    assert.notEqual(hashSmsCode('123456', 'challenge-a', pepper), hashSmsCode('123456', 'challenge-b', pepper));
  });

  it('treats a malformed stored hash as no match rather than throwing', () => {
    for (const stored of ['', 'abcd', 'not hex at all', hashSmsCode('042137', challengeId, pepper).slice(2)]) {
      assert.equal(smsCodeMatches('042137', challengeId, pepper, stored), false, stored);
    }
  });

  it('refuses a pepper shorter than 32 bytes', () => {
    assert.throws(() => hashSmsCode('123456', challengeId, randomBytes(16)), /at least 32 bytes/);
  });
});
