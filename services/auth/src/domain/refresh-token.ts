import { createHash, randomBytes } from 'node:crypto';

const refreshTokenBytes = 32;

/** 256 random bits, base64url; only its hash is stored. */
export function generateRefreshToken(): string {
  return randomBytes(refreshTokenBytes).toString('base64url');
}

// SHA-256, not argon2: 256 random bits cannot be guessed, so a fast hash is enough and keeps lookups by hash cheap.
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface StoredRefreshToken {
  familyId: string;
  revokedAt: Date | null;
  /** The token that replaced this one at rotation; set means this token was already spent. */
  replacedBy: string | null;
  expiresAt: Date;
}

export type RefreshDecision = 'rotate' | 'reused' | 'invalid' | 'expired';

/**
 * What to do with a presented refresh token. 'reused' means a spent token came back, so it was stolen or
 * replayed: the caller revokes the whole family (the session).
 */
export function decideRefresh(stored: StoredRefreshToken | undefined, now: Date): RefreshDecision {
  if (stored === undefined) return 'invalid';
  if (stored.replacedBy !== null) return 'reused';
  if (stored.revokedAt !== null) return 'invalid';
  if (now.getTime() >= stored.expiresAt.getTime()) return 'expired';
  return 'rotate';
}
