import { v7 as uuidv7 } from 'uuid';
import { createEvent, enqueueEvent } from '@lynk/common/events';
import { authErrors } from '../domain/auth-errors.ts';
import { challengeStore } from '../store/challenge-store.ts';
import { inTransaction } from '@lynk/common/store';
import { userRepository, type User } from '../store/user-repository.ts';
import type { AuthContext, DeviceInfo, SessionTokens } from './auth-context.ts';
import { checkCode } from './check-code.ts';
import { openSession } from './issue-session.ts';
import { checkSecondFactor } from './second-factor.ts';

export interface SignedIn {
  user: User;
  tokens: SessionTokens;
}

async function consumeChallenge(context: AuthContext, challengeId: string): Promise<void> {
  if (!(await challengeStore.consume(context.redis, challengeId))) authErrors.raise('AUTH_CHALLENGE_INVALID', 'This code was already used');
}

/** Completes sign-up: the code proves the number, the account is created and signed in. */
export async function verifyRegistration(context: AuthContext, input: { challengeId: string; code: string; device: DeviceInfo }): Promise<SignedIn> {
  const challenge = await checkCode(context, { ...input, purpose: 'register' });
  await consumeChallenge(context, challenge.id);
  const signedIn = await inTransaction(context.pool, async (client) => {
    // Only the owner of the number gets here, so saying it is taken reveals nothing new.
    const user = (await userRepository.insert(client, { id: uuidv7(), phone: challenge.phone, displayName: challenge.displayName })) ?? authErrors.raise('AUTH_PHONE_TAKEN', 'This number already has an account; log in instead');
    await enqueueEvent(client, createEvent('user.created', { userId: user.id, displayName: user.displayName }), user.id);
    return { user, tokens: await openSession(context, client, user.id, input.device) };
  });
  void context.outbox.flush();
  return signedIn;
}

/** Completes login: the SMS code, plus a TOTP or recovery code when the account has TOTP on. */
export async function verifyLogin(
  context: AuthContext,
  input: { challengeId: string; code: string; totpCode?: string | undefined; recoveryCode?: string | undefined; device: DeviceInfo },
): Promise<SignedIn> {
  const challenge = await checkCode(context, { ...input, purpose: 'login' });
  const user = (await userRepository.findByPhone(context.pool, challenge.phone)) ?? authErrors.raise('AUTH_CHALLENGE_INVALID', 'No such verification; request a new code');
  if (user.totpEnabledAt) await checkSecondFactor(context, user, challenge, input);
  await consumeChallenge(context, challenge.id);
  const tokens = await inTransaction(context.pool, (client) => openSession(context, client, user.id, input.device));
  return { user, tokens };
}
