/**
 * The signing keys in use: the newest key signs; retired keys stay published until every token
 * they signed has expired. Keys are read from Postgres (shared by every instance) and cached
 * briefly, so a rotation by any instance or by `npm run auth:rotate-keys` is picked up quickly.
 */
import type { JsonWebKey } from 'node:crypto';
import type pg from 'pg';
import { currentSigningKey, decryptPrivateKey, encryptPrivateKey, generateSigningKey, keysToPublish, needsRotation, pendingSigningKey, signingKeyPolicy } from '../domain/signing-keys.ts';
import { inTransaction } from '@lynk/common/store';
import { signingKeyRepository, type StoredSigningKey } from '../store/signing-key-repository.ts';

export interface SigningKeys {
  /** The key that signs new tokens, decrypted. */
  current(): Promise<{ kid: string; privateKeyPem: string }>;
  /** Public keys to serve in the JWKS. */
  published(): Promise<{ kid: string; publicJwk: JsonWebKey }[]>;
  /**
   * Publishes a new key that takes over once every verifier's JWKS cache has it, and retires the
   * old one then; `immediately` (a leaked key) switches now, at the cost of a few seconds in which
   * the edge may not know the new kid yet.
   */
  rotate(options?: { immediately?: boolean }): Promise<{ kid: string; activatesAt: Date }>;
  /** Rotates when the current key is older than the schedule, and prunes keys nobody can need. */
  rotateIfDue(): Promise<void>;
}

const cacheMs = 5000;

export function signingKeysService(options: { pool: pg.Pool; masterKey: Buffer; rotateAfterSeconds: number; accessTokenTtlSeconds: number }): SigningKeys {
  let cached: { at: number; keys: StoredSigningKey[] } | undefined;
  const decrypted = new Map<string, string>();

  let refreshing: Promise<StoredSigningKey[]> | undefined;
  function refresh(): Promise<StoredSigningKey[]> {
    refreshing ??= signingKeyRepository
      .all(options.pool)
      .then((keys) => {
        cached = { at: Date.now(), keys };
        return keys;
      })
      .finally(() => (refreshing = undefined));
    return refreshing;
  }

  /**
   * Stale-while-revalidate: callers often hold a pooled connection in a transaction, so waiting
   * here for another connection could exhaust the pool. Only the very first load waits.
   */
  async function keys(): Promise<StoredSigningKey[]> {
    if (!cached) return refresh();
    if (Date.now() - cached.at > cacheMs) void refresh().catch(() => undefined);
    return cached.keys;
  }

  async function rotateWithin(client: pg.PoolClient, force: boolean, publishAheadSeconds: number): Promise<{ kid: string; activatesAt: Date } | undefined> {
    await signingKeyRepository.lockForRotation(client);
    const now = new Date();
    const stored = await signingKeyRepository.all(client);
    const current = currentSigningKey(stored, now);
    if (!force && (pendingSigningKey(stored, now) || (current && !needsRotation(current, now, options.rotateAfterSeconds)))) return undefined;
    // With no key at all there is nothing to sign with meanwhile, so the first key starts at once.
    const activatesAt = new Date(now.getTime() + (current ? publishAheadSeconds : 0) * 1000);
    const key = generateSigningKey(now);
    await signingKeyRepository.retireActive(client, activatesAt);
    await signingKeyRepository.insert(client, {
      kid: key.kid,
      algorithm: key.algorithm,
      privateKeyCiphertext: encryptPrivateKey(key.privateKeyPem, options.masterKey, key.kid),
      publicJwk: key.publicJwk,
      createdAt: key.createdAt,
      activatesAt,
    });
    // Retired keys older than a token lifetime (plus a day of margin) can verify nothing any more.
    await signingKeyRepository.deleteRetiredBefore(client, new Date(now.getTime() - (options.accessTokenTtlSeconds + 86_400) * 1000));
    return { kid: key.kid, activatesAt };
  }

  return {
    async current() {
      let key = currentSigningKey(await keys(), new Date());
      if (!key) {
        await inTransaction(options.pool, (client) => rotateWithin(client, false, signingKeyPolicy.publishAheadSeconds));
        await refresh();
        key = currentSigningKey(await keys());
      }
      if (!key) throw new Error('no signing key after rotation');
      let privateKeyPem = decrypted.get(key.kid);
      if (!privateKeyPem) {
        privateKeyPem = decryptPrivateKey(key.privateKeyCiphertext, options.masterKey, key.kid);
        decrypted.set(key.kid, privateKeyPem);
      }
      return { kid: key.kid, privateKeyPem };
    },
    async published() {
      return keysToPublish(await keys(), new Date(), options.accessTokenTtlSeconds).map((key) => ({ kid: key.kid, publicJwk: key.publicJwk }));
    },
    async rotate(rotation = {}) {
      const made = await inTransaction(options.pool, (client) => rotateWithin(client, true, rotation.immediately ? 0 : signingKeyPolicy.publishAheadSeconds));
      await refresh();
      return made!;
    },
    async rotateIfDue() {
      // When the current key is due, the next one is published now and signs publishAheadSeconds later.
      await inTransaction(options.pool, (client) => rotateWithin(client, false, signingKeyPolicy.publishAheadSeconds));
      await refresh();
    },
  };
}
