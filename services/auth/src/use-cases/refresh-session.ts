import { markSessionsRevoked } from '@lynk/common/auth-revocation';
import { authErrors } from '../domain/auth-errors.ts';
import { decideRefresh, generateRefreshToken, hashRefreshToken } from '../domain/refresh-token.ts';
import { inTransaction } from '@lynk/common/store';
import { sessionRepository } from '../store/session-repository.ts';
import type { AuthContext, SessionTokens } from './auth-context.ts';
import { accessTokenFor } from './issue-session.ts';

/**
 * Swaps a refresh token for a new pair. Each token works once: presenting a used one means it
 * was copied, so the whole session (its token family) is revoked and both holders must sign in.
 */
export async function refreshSession(context: AuthContext, refreshToken: string): Promise<SessionTokens> {
  const hash = hashRefreshToken(refreshToken);
  const outcome = await inTransaction(context.pool, async (client) => {
    const stored = await sessionRepository.findRefreshTokenForUpdate(client, hash);
    const decision = decideRefresh(
      stored && { familyId: stored.sessionId, revokedAt: stored.sessionRevokedAt, replacedBy: stored.replacedAt ? 'replaced' : null, expiresAt: stored.expiresAt < stored.sessionExpiresAt ? stored.expiresAt : stored.sessionExpiresAt },
      new Date(),
    );
    if (decision === 'reused') return { decision, revoked: await sessionRepository.revoke(client, stored!.sessionId, 'refresh token reused') } as const;
    if (decision !== 'rotate') return { decision } as const;
    const next = generateRefreshToken();
    const expiresAt = new Date(Date.now() + context.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
    await sessionRepository.markRefreshTokenReplaced(client, hash);
    await sessionRepository.insertRefreshToken(client, { hash: hashRefreshToken(next), sessionId: stored!.sessionId, expiresAt });
    await sessionRepository.touch(client, stored!.sessionId, expiresAt);
    return { decision, next, sessionId: stored!.sessionId, userId: stored!.userId } as const;
  });
  switch (outcome.decision) {
    case 'reused':
      await markSessionsRevoked(context.redis, outcome.revoked, context.config.ACCESS_TOKEN_TTL_SECONDS);
      return authErrors.raise('AUTH_REFRESH_REUSED', 'This refresh token was already used; the session is revoked');
    case 'expired':
      return authErrors.raise('AUTH_REFRESH_INVALID', 'The session has expired; sign in again');
    case 'invalid':
      return authErrors.raise('AUTH_REFRESH_INVALID', 'Unknown or revoked refresh token');
    case 'rotate': {
      const access = await accessTokenFor(context, outcome.userId, outcome.sessionId);
      return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt.toISOString(), refreshToken: outcome.next, sessionId: outcome.sessionId, userId: outcome.userId };
    }
  }
}
