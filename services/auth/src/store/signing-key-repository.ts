import type { JsonWebKey } from 'node:crypto';
import type { Queryable } from '@lynk/common/store';

export interface StoredSigningKey {
  kid: string;
  algorithm: string;
  privateKeyCiphertext: string;
  publicJwk: JsonWebKey;
  createdAt: Date;
  activatesAt: Date;
  retiredAt: Date | null;
}

interface KeyRow {
  kid: string;
  algorithm: string;
  private_key_ciphertext: string;
  public_jwk: JsonWebKey;
  created_at: Date;
  activates_at: Date;
  retired_at: Date | null;
}

export const signingKeyRepository = {
  /** Keys that may still verify a live token; older ones are deleted by `prune`. */
  async all(db: Queryable): Promise<StoredSigningKey[]> {
    const { rows } = await db.query<KeyRow>('SELECT * FROM signing_keys ORDER BY created_at');
    return rows.map((row) => ({
      kid: row.kid,
      algorithm: row.algorithm,
      privateKeyCiphertext: row.private_key_ciphertext,
      publicJwk: row.public_jwk,
      createdAt: row.created_at,
      activatesAt: row.activates_at,
      retiredAt: row.retired_at,
    }));
  },

  /** Serialises rotation across instances for the rest of the transaction. */
  async lockForRotation(db: Queryable): Promise<void> {
    await db.query("SELECT pg_advisory_xact_lock(hashtext('auth.signing_keys'))");
  },

  /** Every key still signing (or waiting to) stops at `at`; it stays published for a token lifetime after. */
  async retireActive(db: Queryable, at: Date): Promise<void> {
    await db.query('UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL OR retired_at > $1', [at]);
  },

  async insert(db: Queryable, key: Omit<StoredSigningKey, 'retiredAt'>): Promise<void> {
    await db.query('INSERT INTO signing_keys (kid, algorithm, private_key_ciphertext, public_jwk, created_at, activates_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      key.kid,
      key.algorithm,
      key.privateKeyCiphertext,
      key.publicJwk,
      key.createdAt,
      key.activatesAt,
    ]);
  },

  async deleteRetiredBefore(db: Queryable, before: Date): Promise<void> {
    await db.query('DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at < $1', [before]);
  },
};
