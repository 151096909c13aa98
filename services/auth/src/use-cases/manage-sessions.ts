import { markSessionsRevoked } from '@lynk/common/auth-revocation';
import { authErrors } from '../domain/auth-errors.ts';
import { sessionRepository, type Session } from '../store/session-repository.ts';
import type { AuthContext } from './auth-context.ts';

async function announce(context: AuthContext, sessionIds: string[]): Promise<void> {
  await markSessionsRevoked(context.redis, sessionIds, context.config.ACCESS_TOKEN_TTL_SECONDS);
}

/** Logout: this device only. */
export async function logout(context: AuthContext, sessionId: string): Promise<void> {
  await announce(context, await sessionRepository.revoke(context.pool, sessionId, 'logout'));
}

/** "Log out everywhere": every session of the user, this one included. */
export async function logoutEverywhere(context: AuthContext, userId: string): Promise<number> {
  const revoked = await sessionRepository.revokeAllOfUser(context.pool, userId, 'logout everywhere');
  await announce(context, revoked);
  return revoked.length;
}

export async function listSessions(context: AuthContext, userId: string): Promise<Session[]> {
  return sessionRepository.findActive(context.pool, userId);
}

/** Revokes one of the user's own sessions (a lost phone); another user's id is "not found". */
export async function revokeSession(context: AuthContext, userId: string, sessionId: string): Promise<void> {
  const session = await sessionRepository.findById(context.pool, sessionId);
  if (!session || session.userId !== userId || session.revokedAt) authErrors.raise('AUTH_SESSION_NOT_FOUND', 'No such active session');
  await announce(context, await sessionRepository.revoke(context.pool, sessionId, 'revoked by user'));
}
