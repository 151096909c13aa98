import type { Queryable } from '@lynk/common/store';

export interface User {
  id: string;
  phone: string;
  displayName: string;
  avatarMediaId: string | null;
  totpSecretCiphertext: string | null;
  totpPendingCiphertext: string | null;
  totpEnabledAt: Date | null;
  totpLastStep: number;
  createdAt: Date;
}

interface UserRow {
  id: string;
  phone: string;
  display_name: string;
  avatar_media_id: string | null;
  totp_secret_ciphertext: string | null;
  totp_pending_ciphertext: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: string;
  created_at: Date;
}

const columns = 'id, phone, display_name, avatar_media_id, totp_secret_ciphertext, totp_pending_ciphertext, totp_enabled_at, totp_last_step, created_at';

function toUser(row: UserRow): User {
  return {
    id: row.id,
    phone: row.phone,
    displayName: row.display_name,
    avatarMediaId: row.avatar_media_id,
    totpSecretCiphertext: row.totp_secret_ciphertext,
    totpPendingCiphertext: row.totp_pending_ciphertext,
    totpEnabledAt: row.totp_enabled_at,
    totpLastStep: Number(row.totp_last_step),
    createdAt: row.created_at,
  };
}

export const userRepository = {
  async findById(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<User | undefined> {
    const { rows } = await db.query<UserRow>(`SELECT ${columns} FROM users WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] && toUser(rows[0]);
  },

  async findByPhone(db: Queryable, phone: string): Promise<User | undefined> {
    const { rows } = await db.query<UserRow>(`SELECT ${columns} FROM users WHERE phone = $1`, [phone]);
    return rows[0] && toUser(rows[0]);
  },

  /** Undefined when the phone number is taken (a concurrent registration won). */
  async insert(db: Queryable, user: { id: string; phone: string; displayName: string }): Promise<User | undefined> {
    const { rows } = await db.query<UserRow>(
      `INSERT INTO users (id, phone, display_name) VALUES ($1, $2, $3) ON CONFLICT (phone) DO NOTHING RETURNING ${columns}`,
      [user.id, user.phone, user.displayName],
    );
    return rows[0] && toUser(rows[0]);
  },

  async updateProfile(db: Queryable, id: string, changes: { displayName?: string | undefined; avatarMediaId?: string | null | undefined }): Promise<User | undefined> {
    const { rows } = await db.query<UserRow>(
      `UPDATE users SET display_name = COALESCE($2, display_name),
         avatar_media_id = CASE WHEN $3::boolean THEN $4::uuid ELSE avatar_media_id END, updated_at = now()
       WHERE id = $1 RETURNING ${columns}`,
      [id, changes.displayName ?? null, changes.avatarMediaId !== undefined, changes.avatarMediaId ?? null],
    );
    return rows[0] && toUser(rows[0]);
  },

  async setPendingTotp(db: Queryable, id: string, ciphertext: string): Promise<void> {
    await db.query('UPDATE users SET totp_pending_ciphertext = $2, updated_at = now() WHERE id = $1', [id, ciphertext]);
  },

  async enableTotp(db: Queryable, id: string, ciphertext: string, step: number): Promise<void> {
    await db.query(
      'UPDATE users SET totp_secret_ciphertext = $2, totp_pending_ciphertext = NULL, totp_enabled_at = now(), totp_last_step = $3, updated_at = now() WHERE id = $1',
      [id, ciphertext, step],
    );
  },

  async disableTotp(db: Queryable, id: string): Promise<void> {
    await db.query('UPDATE users SET totp_secret_ciphertext = NULL, totp_pending_ciphertext = NULL, totp_enabled_at = NULL, totp_last_step = 0, updated_at = now() WHERE id = $1', [id]);
  },

  /** Records the accepted step only if it is newer, so two racing logins cannot both use one code. */
  async advanceTotpStep(db: Queryable, id: string, step: number): Promise<boolean> {
    const result = await db.query('UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2', [id, step]);
    return result.rowCount === 1;
  },

  async delete(db: Queryable, id: string): Promise<boolean> {
    const result = await db.query('DELETE FROM users WHERE id = $1', [id]);
    return result.rowCount === 1;
  },
};
