import { randomBytes } from 'node:crypto';

/** 128 random bits, URL-safe: an invite link cannot be guessed. */
export function newInviteCode(): string {
  return randomBytes(16).toString('base64url');
}
