/**
 * The signing keys in use: the newest key signs; retired keys stay published until every token
 * they signed has expired. Keys are read from Postgres (shared by every instance) and cached
 * briefly, so a rotation by any instance or by `npm run auth:rotate-keys` is picked up quickly.
 */
import type { JsonWebKey } from 'node:crypto';
import type pg from 'pg';
import { currentSigningKey, decryptPrivateKey, encryptPrivateKey, generateSigningKey, keysToPublish, needsRotation } from '../domain/signing-keys.ts';
import { inTransaction } from '@lynk/common/store';
import { signingKeyRepository, type StoredSigningKey } from '../store/signing-key-repository.ts';

export interface SigningKeys {
  /** The key that signs new tokens, decrypted. */
  current(): Promise<{ kid: string; privateKeyPem: string }>;
  /** Public keys to serve in the JWKS. */
  published(): Promise<{ kid: string; publicJwk: JsonWebKey }[]>;
  /** Makes a new key current now and retires the old one. */
  rotate(): Promise<string>;
  /** Rotates when the current key is older than the schedule, and prunes keys nobody can need. */
  rotateIfDue(): Promise<void>;
}

const cacheMs = 5000;

export function signingKeysService(options: { pool: pg.Pool; masterKey: Buffer; rotateAfterSeconds: number; accessTokenTtlSeconds: number }): SigningKeys {
  let cached: { at: number; keys: StoredSigningKey[] } | undefined;
  const decrypted = new Map<string, string>();

  async function keys(): Promise<StoredSigningKey[]> {
    if (!cached || Date.now() - cached.at > cacheMs) cached = { at: Date.now(), keys: await signingKeyRepository.all(options.pool) };
    return cached.keys;
  }

  async function rotateWithin(client: pg.PoolClient, force: boolean): Promise<string | undefined> {
    await signingKeyRepository.lockForRotation(client);
    const now = new Date();
    const current = currentSigningKey(await signingKeyRepository.all(client));
    if (!force && current && !needsRotation(current, now, options.rotateAfterSeconds)) return undefined;
    const key = generateSigningKey(now);
    await signingKeyRepository.retireCurrent(client, now);
    await signingKeyRepository.insert(client, {
      kid: key.kid,
      algorithm: key.algorithm,
      privateKeyCiphertext: encryptPrivateKey(key.privateKeyPem, options.masterKey, key.kid),
      publicJwk: key.publicJwk,
      createdAt: key.createdAt,
    });
    // Retired keys older than a token lifetime (plus a day of margin) can verify nothing any more.
    await signingKeyRepository.deleteRetiredBefore(client, new Date(now.getTime() - (options.accessTokenTtlSeconds + 86_400) * 1000));
    return key.kid;
  }

  return {
    async current() {
      let key = currentSigningKey(await keys());
      if (!key) {
        await inTransaction(options.pool, (client) => rotateWithin(client, false));
        cached = undefined;
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
    async rotate() {
      const kid = await inTransaction(options.pool, (client) => rotateWithin(client, true));
      cached = undefined;
      return kid!;
    },
    async rotateIfDue() {
      await inTransaction(options.pool, (client) => rotateWithin(client, false));
      cached = undefined;
    },
  };
}
