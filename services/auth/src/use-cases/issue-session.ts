import { v7 as uuidv7 } from 'uuid';
import { issueAccessToken } from '../domain/access-token.ts';
import { generateRefreshToken, hashRefreshToken } from '../domain/refresh-token.ts';
import type { Queryable } from '@lynk/common/store';
import { sessionRepository } from '../store/session-repository.ts';
import type { AuthContext, DeviceInfo, SessionTokens } from './auth-context.ts';

/** Signs a fresh access token for a session. */
export async function accessTokenFor(context: AuthContext, userId: string, sessionId: string): Promise<{ token: string; expiresAt: Date }> {
  return issueAccessToken({ userId, sessionId }, await context.signingKeys.current(), {
    issuer: context.config.JWT_ISSUER,
    audience: context.config.JWT_AUDIENCE,
    ttlSeconds: context.config.ACCESS_TOKEN_TTL_SECONDS,
  });
}

/** Starts a new session (a new refresh-token family) for a user who just proved who they are. */
export async function openSession(context: AuthContext, db: Queryable, userId: string, device: DeviceInfo): Promise<SessionTokens> {
  const sessionId = uuidv7();
  const refreshToken = generateRefreshToken();
  const expiresAt = new Date(Date.now() + context.config.REFRESH_TOKEN_TTL_SECONDS * 1000);
  await sessionRepository.insert(db, { id: sessionId, userId, ...device, expiresAt });
  await sessionRepository.insertRefreshToken(db, { hash: hashRefreshToken(refreshToken), sessionId, expiresAt });
  const access = await accessTokenFor(context, userId, sessionId);
  return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt.toISOString(), refreshToken, sessionId, userId };
}
