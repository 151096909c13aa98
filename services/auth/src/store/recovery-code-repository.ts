import { v7 as uuidv7 } from 'uuid';
import type { Queryable } from '@lynk/common/store';

export const recoveryCodeRepository = {
  async replaceAll(db: Queryable, userId: string, hashes: string[]): Promise<void> {
    await db.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
    for (const hash of hashes) await db.query('INSERT INTO recovery_codes (id, user_id, code_hash) VALUES ($1, $2, $3)', [uuidv7(), userId, hash]);
  },

  async unused(db: Queryable, userId: string): Promise<{ id: string; hash: string }[]> {
    const { rows } = await db.query<{ id: string; code_hash: string }>('SELECT id, code_hash FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL', [userId]);
    return rows.map((row) => ({ id: row.id, hash: row.code_hash }));
  },

  /** False when another request used it first: each code works once. */
  async markUsed(db: Queryable, id: string): Promise<boolean> {
    const result = await db.query('UPDATE recovery_codes SET used_at = now() WHERE id = $1 AND used_at IS NULL', [id]);
    return result.rowCount === 1;
  },

  async deleteAll(db: Queryable, userId: string): Promise<void> {
    await db.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
  },
};
