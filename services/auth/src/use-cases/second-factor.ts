import { authErrors } from '../domain/auth-errors.ts';
import { findMatchingRecoveryCode } from '../domain/recovery-codes.ts';
import { decryptSecret } from '../domain/secret-encryption.ts';
import { verifyTotp } from '../domain/totp.ts';
import type { Challenge } from '../store/challenge-store.ts';
import { recoveryCodeRepository } from '../store/recovery-code-repository.ts';
import { userRepository, type User } from '../store/user-repository.ts';
import type { AuthContext } from './auth-context.ts';
import { recordWrongCode } from './check-code.ts';

/** TOTP secrets are sealed to their user, like signing keys to their kid. */
export const totpBinding = (userId: string) => ({ purpose: 'totp', id: userId });

/** True when `totpCode` is current and newer than the last one accepted (no replays). */
export async function acceptTotp(context: AuthContext, user: User, secretCiphertext: string, totpCode: string): Promise<boolean> {
  const secret = decryptSecret(secretCiphertext, context.config.KEY_ENCRYPTION_KEY, totpBinding(user.id));
  const result = verifyTotp({ secret, token: totpCode, lastUsedStep: user.totpLastStep });
  return result.ok && (await userRepository.advanceTotpStep(context.pool, user.id, result.step));
}

/** A used recovery code is spent, even if the login fails later. */
export async function acceptRecoveryCode(context: AuthContext, user: User, recoveryCode: string): Promise<boolean> {
  const id = await findMatchingRecoveryCode(recoveryCode, await recoveryCodeRepository.unused(context.pool, user.id));
  return id !== undefined && (await recoveryCodeRepository.markUsed(context.pool, id));
}

/** The second factor at login: a TOTP code or one recovery code. Wrong ones count like wrong SMS codes. */
export async function checkSecondFactor(context: AuthContext, user: User, challenge: Challenge, input: { totpCode?: string | undefined; recoveryCode?: string | undefined }): Promise<void> {
  if (!input.totpCode && !input.recoveryCode) authErrors.raise('AUTH_TOTP_REQUIRED', 'This account needs a code from the authenticator app (or a recovery code)');
  const accepted = input.totpCode
    ? await acceptTotp(context, user, user.totpSecretCiphertext!, input.totpCode)
    : await acceptRecoveryCode(context, user, input.recoveryCode!);
  if (accepted) return;
  await recordWrongCode(context, challenge);
  authErrors.raise('AUTH_TOTP_INVALID', 'The authenticator or recovery code is not right');
}
