import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export const smsCodeTtlSeconds = 300;
export const maxCodeAttempts = 5;
export const smsCodeDigits = 6;

const minPepperBytes = 32;

/** Six digits, uniformly drawn; leading zeros are part of the code. */
export function generateSmsCode(): string {
  return randomInt(0, 10 ** smsCodeDigits).toString().padStart(smsCodeDigits, '0');
}

function smsCodeMac(code: string, challengeId: string, pepper: Buffer): Buffer {
  if (pepper.length < minPepperBytes) throw new Error(`the SMS code pepper must be at least ${minPepperBytes} bytes`);
  return createHmac('sha256', pepper).update(`${challengeId}:${code}`).digest();
}

// HMAC, not argon2: no hash makes a 6-digit code hard to brute-force offline; the secret pepper and the attempt limit protect it.
export function hashSmsCode(code: string, challengeId: string, pepper: Buffer): string {
  return smsCodeMac(code, challengeId, pepper).toString('hex');
}

export function smsCodeMatches(code: string, challengeId: string, pepper: Buffer, storedHash: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = smsCodeMac(code, challengeId, pepper);
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

export interface SmsChallengeState {
  id: string;
  codeHash: string;
  expiresAt: Date;
  /** Wrong codes entered so far, counted atomically by the store. */
  failedAttempts: number;
}

export type SmsCodeAttempt = { outcome: 'accepted' } | { outcome: 'wrong'; attemptsLeft: number } | { outcome: 'expired' } | { outcome: 'locked' };

/** The rule for one code entry: locked after `maxCodeAttempts` wrong codes, then expiry, then the comparison. */
export function judgeSmsCodeAttempt(challenge: SmsChallengeState, code: string, pepper: Buffer, now: Date): SmsCodeAttempt {
  if (challenge.failedAttempts >= maxCodeAttempts) return { outcome: 'locked' };
  if (now.getTime() >= challenge.expiresAt.getTime()) return { outcome: 'expired' };
  if (smsCodeMatches(code, challenge.id, pepper, challenge.codeHash)) return { outcome: 'accepted' };
  return { outcome: 'wrong', attemptsLeft: Math.max(0, maxCodeAttempts - challenge.failedAttempts - 1) };
}
