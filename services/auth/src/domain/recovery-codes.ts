import { randomInt } from 'node:crypto';
import argon2 from 'argon2';

/** No 0/o, 1/i/l or u: nothing a person can misread when copying codes from paper. */
const recoveryCodeAlphabet = '23456789abcdefghjkmnpqrstvwxyz';
const recoveryCodeGroups = 2;
const recoveryCodeGroupLength = 4;
const recoveryCodeShape = new RegExp(`^[${recoveryCodeAlphabet}]{${recoveryCodeGroups * recoveryCodeGroupLength}}$`);

/** OWASP's argon2id minimum: ~40-bit codes need a slow hash, but a login checks up to ten of them. */
const recoveryCodeHashOptions = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

function randomGroup(): string {
  return Array.from({ length: recoveryCodeGroupLength }, () => recoveryCodeAlphabet[randomInt(recoveryCodeAlphabet.length)]).join('');
}

/** One-time codes like `k7m2-x9pq`, shown to the user once when two-factor authentication is turned on. */
export function generateRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => Array.from({ length: recoveryCodeGroups }, randomGroup).join('-'));
}

/** What the user typed, without case, dashes or spaces. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

export async function hashRecoveryCode(code: string): Promise<string> {
  return argon2.hash(normalizeRecoveryCode(code), recoveryCodeHashOptions);
}

/** The id of the unused code this input matches, or undefined; the caller then marks that code used. */
export async function findMatchingRecoveryCode<Id>(code: string, hashes: { id: Id; hash: string }[]): Promise<Id | undefined> {
  const normalized = normalizeRecoveryCode(code);
  if (!recoveryCodeShape.test(normalized)) return undefined;
  for (const { id, hash } of hashes) {
    if (await argon2.verify(hash, normalized)) return id;
  }
  return undefined;
}
