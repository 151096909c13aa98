import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { decryptSecret, encryptSecret } from './secret-encryption.ts';

export interface SigningKey {
  kid: string;
  algorithm: 'ES256';
  privateKeyPem: string;
  publicJwk: JsonWebKey;
  createdAt: Date;
}

/** What rotation and publication need to know about a stored key. */
export interface PublishableKey {
  kid: string;
  publicJwk: JsonWebKey;
  createdAt: Date;
  /** Signing starts here; until then the key is only published, so verifiers' JWKS caches have it first. */
  activatesAt: Date;
  retiredAt: Date | null;
}

export const signingKeyPolicy = {
  rotateAfterSeconds: 24 * 3600,
  accessTokenTtlSeconds: 600,
  /** Covers verifiers' clock tolerance and skew between hosts. */
  publishMarginSeconds: 60,
  /**
   * A scheduled new key is published this long before it signs: longer than auth's own key cache
   * (5 s) plus the longest any verifier caches the JWKS (the edge: 10 s, mesh/src/mesh/edge-config.ts),
   * with margin, so no valid token meets an unknown kid.
   */
  publishAheadSeconds: 30,
} as const;

/** A new ES256 (P-256) key pair; the kid is a UUIDv7 of its creation time, so kids sort by age. */
export function generateSigningKey(now: Date): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    kid: uuidv7({ msecs: now.getTime() }),
    algorithm: 'ES256',
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicJwk: publicKey.export({ format: 'jwk' }),
    createdAt: now,
  };
}

/** AES-256-GCM at rest (secret-encryption.ts), bound to the key's kid. */
export function encryptPrivateKey(privateKeyPem: string, masterKey: Buffer, kid: string): string {
  return encryptSecret(privateKeyPem, masterKey, { purpose: 'signing-key', id: kid });
}

/** Throws when the master key is wrong, the kid differs or a byte was changed. */
export function decryptPrivateKey(sealed: string, masterKey: Buffer, kid: string): string {
  return decryptSecret(sealed, masterKey, { purpose: 'signing-key', id: kid });
}

/** The key to sign with at `now`: the newest one already active and not yet retired (by activation, then kid). */
export function currentSigningKey<Key extends Pick<PublishableKey, 'kid' | 'activatesAt' | 'retiredAt'>>(keys: readonly Key[], now: Date = new Date()): Key | undefined {
  let newest: Key | undefined;
  for (const key of keys) {
    if (key.activatesAt.getTime() > now.getTime()) continue;
    if (key.retiredAt !== null && key.retiredAt.getTime() <= now.getTime()) continue;
    const newer = !newest || key.activatesAt.getTime() > newest.activatesAt.getTime() || (key.activatesAt.getTime() === newest.activatesAt.getTime() && key.kid > newest.kid);
    if (newer) newest = key;
  }
  return newest;
}

/** A key already published but not yet signing, if a rotation is under way. */
export function pendingSigningKey<Key extends Pick<PublishableKey, 'activatesAt' | 'retiredAt'>>(keys: readonly Key[], now: Date = new Date()): Key | undefined {
  return keys.find((key) => key.activatesAt.getTime() > now.getTime() && key.retiredAt === null);
}

/** True when there is no key to sign with or the current one is older than `rotateAfterSeconds`. */
export function needsRotation(current: Pick<PublishableKey, 'createdAt'> | undefined, now: Date, rotateAfterSeconds: number = signingKeyPolicy.rotateAfterSeconds): boolean {
  return current === undefined || now.getTime() - current.createdAt.getTime() >= rotateAfterSeconds * 1000;
}

/**
 * The keys the JWKS must carry: every key not retired, and every retired key that may still have signed
 * an unexpired access token (retiredAt + token TTL + margin still ahead). Newest first.
 */
export function keysToPublish<Key extends PublishableKey>(
  keys: readonly Key[],
  now: Date,
  accessTokenTtlSeconds: number = signingKeyPolicy.accessTokenTtlSeconds,
): Key[] {
  const stillVerifiable = (key: Key) =>
    key.retiredAt === null || key.retiredAt.getTime() + (accessTokenTtlSeconds + signingKeyPolicy.publishMarginSeconds) * 1000 > now.getTime();
  return keys.filter(stillVerifiable).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.kid > a.kid ? 1 : b.kid < a.kid ? -1 : 0));
}
