import { normalizePhoneNumber } from '../domain/phone-number.ts';
import { userRepository } from '../store/user-repository.ts';
import type { AuthContext } from './auth-context.ts';
import { sendCode, type CodeSent } from './send-code.ts';

/** Sign-up: texts a code to prove the number; the account exists only once it is verified. */
export async function startRegistration(context: AuthContext, input: { phone: string; displayName: string; ip: string }): Promise<CodeSent> {
  const phone = normalizePhoneNumber(input.phone);
  return sendCode(context, { purpose: 'register', phone, displayName: input.displayName, decoy: false, ip: input.ip });
}

/** Login: texts a code to a registered number; an unknown number gets a decoy that never verifies. */
export async function startLogin(context: AuthContext, input: { phone: string; ip: string }): Promise<CodeSent> {
  const phone = normalizePhoneNumber(input.phone);
  const user = await userRepository.findByPhone(context.pool, phone);
  return sendCode(context, { purpose: 'login', phone, displayName: '', decoy: !user, ip: input.ip });
}
