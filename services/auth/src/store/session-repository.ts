import type { Queryable } from '@lynk/common/store';

export interface Session {
  id: string;
  userId: string;
  deviceName: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

interface SessionRow {
  id: string;
  user_id: string;
  device_name: string;
  user_agent: string | null;
  ip: string | null;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    userId: row.user_id,
    deviceName: row.device_name,
    userAgent: row.user_agent,
    ip: row.ip,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/** A stored refresh token joined with its session, as the rotation rule needs it. */
export interface StoredRefreshToken {
  sessionId: string;
  userId: string;
  expiresAt: Date;
  replacedAt: Date | null;
  sessionRevokedAt: Date | null;
  sessionExpiresAt: Date;
}

export const sessionRepository = {
  async insert(db: Queryable, session: { id: string; userId: string; deviceName: string; userAgent: string | null; ip: string | null; expiresAt: Date }): Promise<void> {
    await db.query('INSERT INTO sessions (id, user_id, device_name, user_agent, ip, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      session.id,
      session.userId,
      session.deviceName,
      session.userAgent,
      session.ip,
      session.expiresAt,
    ]);
  },

  async insertRefreshToken(db: Queryable, token: { hash: string; sessionId: string; expiresAt: Date }): Promise<void> {
    await db.query('INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, $3)', [token.hash, token.sessionId, token.expiresAt]);
  },

  /** Locks the token row, so two refreshes with one token are serialised and the second sees reuse. */
  async findRefreshTokenForUpdate(db: Queryable, hash: string): Promise<StoredRefreshToken | undefined> {
    const { rows } = await db.query<{ session_id: string; user_id: string; expires_at: Date; replaced_at: Date | null; revoked_at: Date | null; session_expires_at: Date }>(
      `SELECT t.session_id, s.user_id, t.expires_at, t.replaced_at, s.revoked_at, s.expires_at AS session_expires_at
         FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
        WHERE t.token_hash = $1 FOR UPDATE OF t`,
      [hash],
    );
    const row = rows[0];
    return row && { sessionId: row.session_id, userId: row.user_id, expiresAt: row.expires_at, replacedAt: row.replaced_at, sessionRevokedAt: row.revoked_at, sessionExpiresAt: row.session_expires_at };
  },

  async markRefreshTokenReplaced(db: Queryable, hash: string): Promise<void> {
    await db.query('UPDATE refresh_tokens SET replaced_at = now() WHERE token_hash = $1', [hash]);
  },

  async touch(db: Queryable, sessionId: string, expiresAt: Date): Promise<void> {
    await db.query('UPDATE sessions SET last_used_at = now(), expires_at = $2 WHERE id = $1', [sessionId, expiresAt]);
  },

  async findActive(db: Queryable, userId: string): Promise<Session[]> {
    const { rows } = await db.query<SessionRow>(
      'SELECT * FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() ORDER BY last_used_at DESC',
      [userId],
    );
    return rows.map(toSession);
  },

  async findById(db: Queryable, sessionId: string): Promise<Session | undefined> {
    const { rows } = await db.query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [sessionId]);
    return rows[0] && toSession(rows[0]);
  },

  /** Revokes one session (and so its refresh-token family); returns the ids actually revoked. */
  async revoke(db: Queryable, sessionId: string, reason: string): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>(
      'UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
      [sessionId, reason],
    );
    return rows.map((row) => row.id);
  },

  async revokeAllOfUser(db: Queryable, userId: string, reason: string): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>(
      'UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id',
      [userId, reason],
    );
    return rows.map((row) => row.id);
  },

  async idsOfUser(db: Queryable, userId: string): Promise<string[]> {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM sessions WHERE user_id = $1', [userId]);
    return rows.map((row) => row.id);
  },
};
