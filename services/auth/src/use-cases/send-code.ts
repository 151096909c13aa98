import { randomUUID } from 'node:crypto';
import { generateSmsCode, hashSmsCode, smsCodeTtlSeconds } from '../domain/sms-code.ts';
import { challengeStore } from '../store/challenge-store.ts';
import type { AuthContext } from './auth-context.ts';
import { consumeOrRefuse } from './rate-limit.ts';

export interface CodeSent {
  challengeId: string;
  expiresInSeconds: number;
}

/**
 * Creates a challenge and texts its code. Known and unknown numbers take the same path and the
 * same time: the SMS leaves after the response (a decoy sends nothing), so neither the body nor
 * the timing tells an attacker whether a number has an account.
 */
export async function sendCode(
  context: AuthContext,
  request: { purpose: 'register' | 'login'; phone: string; displayName: string; decoy: boolean; ip: string },
): Promise<CodeSent> {
  await consumeOrRefuse(context.limits.codeSendsPerIp, request.ip);
  await consumeOrRefuse(context.limits.codeSendsPerPhone, request.phone);
  const challengeId = randomUUID();
  const code = generateSmsCode();
  await challengeStore.save(
    context.redis,
    {
      id: challengeId,
      purpose: request.purpose,
      phone: request.phone,
      displayName: request.displayName,
      codeHash: hashSmsCode(code, challengeId, context.config.SMS_CODE_PEPPER),
      decoy: request.decoy,
      expiresAt: Date.now() + smsCodeTtlSeconds * 1000,
    },
  );
  if (!request.decoy) {
    const body = `Your Lynk code is ${code}. It expires in ${smsCodeTtlSeconds / 60} minutes. Never share it.`;
    context.sms.send(request.phone, body).catch((error: unknown) => context.logger.error({ err: error, provider: context.sms.name }, 'SMS could not be sent'));
  }
  return { challengeId, expiresInSeconds: smsCodeTtlSeconds };
}
