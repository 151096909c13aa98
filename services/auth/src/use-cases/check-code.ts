import { authErrors } from '../domain/auth-errors.ts';
import { maxCodeAttempts, smsCodeMatches } from '../domain/sms-code.ts';
import { challengeStore, type Challenge } from '../store/challenge-store.ts';
import type { AuthContext } from './auth-context.ts';

/**
 * Checks an SMS code against its challenge without using it up; the caller consumes the
 * challenge once every other factor passed. Wrong codes count per challenge and per phone.
 */
export async function checkCode(context: AuthContext, input: { challengeId: string; code: string; purpose: Challenge['purpose'] }): Promise<Challenge> {
  const challenge = await challengeStore.find(context.redis, input.challengeId);
  if (!challenge || challenge.purpose !== input.purpose) return authErrors.raise('AUTH_CHALLENGE_INVALID', 'No such verification; request a new code');
  if (challenge.expiresAt <= Date.now()) return authErrors.raise('AUTH_CODE_EXPIRED', 'The code has expired; request a new one');
  const lock = await context.limits.failedCodesPerPhone.get(challenge.phone);
  if (lock && lock.remainingPoints <= 0) return authErrors.raise('AUTH_CODE_LOCKED', 'Too many wrong codes for this number; try again later', { retryAfterSeconds: Math.ceil(lock.msBeforeNext / 1000) });
  if (!challenge.decoy && smsCodeMatches(input.code, challenge.id, context.config.SMS_CODE_PEPPER, challenge.codeHash)) return challenge;
  await recordWrongCode(context, challenge);
  return authErrors.raise('AUTH_CODE_INVALID', 'The code is not right');
}

/** One wrong factor: counts against the challenge (locked after the limit) and the phone. */
export async function recordWrongCode(context: AuthContext, challenge: Challenge): Promise<void> {
  await context.limits.failedCodesPerPhone.penalty(challenge.phone, 1);
  const attempts = await challengeStore.recordFailedAttempt(context.redis, challenge.id);
  if (attempts < 0 || attempts >= maxCodeAttempts) {
    await challengeStore.consume(context.redis, challenge.id);
    authErrors.raise('AUTH_CODE_LOCKED', 'Too many wrong codes; request a new one');
  }
}
