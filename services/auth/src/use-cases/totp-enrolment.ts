import { authErrors } from '../domain/auth-errors.ts';
import { generateRecoveryCodes, hashRecoveryCode } from '../domain/recovery-codes.ts';
import { decryptSecret, encryptSecret } from '../domain/secret-encryption.ts';
import { generateTotpSecret, totpKeyUri, totpQrPng, verifyTotp } from '../domain/totp.ts';
import { inTransaction } from '@lynk/common/store';
import { recoveryCodeRepository } from '../store/recovery-code-repository.ts';
import { userRepository, type User } from '../store/user-repository.ts';
import type { AuthContext } from './auth-context.ts';
import { acceptRecoveryCode, acceptTotp, totpBinding } from './second-factor.ts';

async function currentUser(context: AuthContext, userId: string): Promise<User> {
  return (await userRepository.findById(context.pool, userId)) ?? authErrors.raise('AUTH_USER_NOT_FOUND', 'The account no longer exists');
}

/** Step 1: a new secret, pending until a code from it confirms the app has it. */
export async function beginTotpSetup(context: AuthContext, userId: string): Promise<{ otpauthUrl: string; qrPngBase64: string }> {
  const user = await currentUser(context, userId);
  if (user.totpEnabledAt) authErrors.raise('AUTH_TOTP_ALREADY_ENABLED', 'Turn TOTP off before setting it up again');
  const secret = generateTotpSecret();
  await userRepository.setPendingTotp(context.pool, userId, encryptSecret(secret, context.config.KEY_ENCRYPTION_KEY, totpBinding(userId)));
  const otpauthUrl = totpKeyUri({ secret, accountName: user.phone, issuer: 'Lynk' });
  return { otpauthUrl, qrPngBase64: (await totpQrPng(otpauthUrl)).toString('base64') };
}

/** Step 2: a valid code turns TOTP on; the recovery codes are returned this once and stored hashed. */
export async function confirmTotpSetup(context: AuthContext, userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
  const user = await currentUser(context, userId);
  if (user.totpEnabledAt) authErrors.raise('AUTH_TOTP_ALREADY_ENABLED', 'TOTP is already on');
  if (!user.totpPendingCiphertext) throw authErrors.create('AUTH_TOTP_SETUP_NOT_STARTED', 'Start the TOTP setup first');
  const secret = decryptSecret(user.totpPendingCiphertext, context.config.KEY_ENCRYPTION_KEY, totpBinding(userId));
  const result = verifyTotp({ secret, token: code, lastUsedStep: 0 });
  if (!result.ok) throw authErrors.create('AUTH_TOTP_INVALID', 'The code from the authenticator app is not right');
  const recoveryCodes = generateRecoveryCodes();
  const hashes = await Promise.all(recoveryCodes.map((recoveryCode) => hashRecoveryCode(recoveryCode)));
  await inTransaction(context.pool, async (client) => {
    await userRepository.enableTotp(client, userId, user.totpPendingCiphertext!, result.step);
    await recoveryCodeRepository.replaceAll(client, userId, hashes);
  });
  return { recoveryCodes };
}

/** Turning TOTP off needs a current code (or a recovery code), not just a stolen access token. */
export async function disableTotp(context: AuthContext, userId: string, proof: { code?: string | undefined; recoveryCode?: string | undefined }): Promise<void> {
  const user = await currentUser(context, userId);
  if (!user.totpEnabledAt || !user.totpSecretCiphertext) throw authErrors.create('AUTH_TOTP_NOT_ENABLED', 'TOTP is not on');
  const accepted = proof.code ? await acceptTotp(context, user, user.totpSecretCiphertext, proof.code) : proof.recoveryCode ? await acceptRecoveryCode(context, user, proof.recoveryCode) : false;
  if (!accepted) authErrors.raise('AUTH_TOTP_INVALID', 'The authenticator or recovery code is not right');
  await inTransaction(context.pool, async (client) => {
    await userRepository.disableTotp(client, userId);
    await recoveryCodeRepository.deleteAll(client, userId);
  });
}
