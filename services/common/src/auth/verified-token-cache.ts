import { createHash, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** What a successful signature and claims check established about one token. */
export interface VerifiedTokenEntry {
  kid: string;
  /** The key that checked the signature: a hit counts only while the JWKS still serves this very key. */
  key: KeyObject;
  userId: string;
  sessionId: string;
  /** Seconds since the epoch, as in the token. */
  expiresAt: number;
}

export interface VerifiedTokenCache {
  get(token: string): VerifiedTokenEntry | undefined;
  remember(token: string, entry: VerifiedTokenEntry): void;
  forget(token: string): void;
}

/**
 * Signature checks dominate verification (an ES256 verify is ~0.1 ms here) and a client presents
 * the same token on every request for its whole life, so a verified token is remembered. Entries
 * are keyed by the token's SHA-256, never by a slice of it, so a cache hit proves the exact same
 * bytes were verified before and no caller's token string is kept alive. Expiry and revocation
 * are still checked on every call by the verifier.
 */
export function createVerifiedTokenCache(maxEntries: number): VerifiedTokenCache {
  const entries = new LRUCache<string, VerifiedTokenEntry>({ max: maxEntries });
  const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');
  return {
    get: (token) => entries.get(keyOf(token)),
    remember: (token, entry) => void entries.set(keyOf(token), entry),
    forget: (token) => void entries.delete(keyOf(token)),
  };
}
