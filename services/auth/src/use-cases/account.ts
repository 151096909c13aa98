import { markSessionsRevoked } from '@lynk/common/auth-revocation';
import { createEvent, enqueueEvent } from '@lynk/common/events';
import { authErrors } from '../domain/auth-errors.ts';
import { inTransaction } from '@lynk/common/store';
import { sessionRepository } from '../store/session-repository.ts';
import { userRepository, type User } from '../store/user-repository.ts';
import type { AuthContext } from './auth-context.ts';

export async function getProfile(context: AuthContext, userId: string): Promise<User> {
  return (await userRepository.findById(context.pool, userId)) ?? authErrors.raise('AUTH_USER_NOT_FOUND', 'The account no longer exists');
}

export async function updateProfile(context: AuthContext, userId: string, changes: { displayName?: string | undefined; avatarMediaId?: string | null | undefined }): Promise<User> {
  const user = await inTransaction(context.pool, async (client) => {
    const updated = (await userRepository.updateProfile(client, userId, changes)) ?? authErrors.raise('AUTH_USER_NOT_FOUND', 'The account no longer exists');
    await enqueueEvent(client, createEvent('user.updated', { userId, displayName: updated.displayName, avatarMediaId: updated.avatarMediaId }), userId);
    return updated;
  });
  void context.outbox.flush();
  return user;
}

/**
 * GDPR erasure: the user's rows in auth go (sessions, tokens, recovery codes cascade), every
 * session is revoked at once, and `user.deleted` tells the other services to erase their part.
 */
export async function deleteAccount(context: AuthContext, userId: string): Promise<void> {
  const sessionIds = await inTransaction(context.pool, async (client) => {
    const ids = await sessionRepository.idsOfUser(client, userId);
    if (!(await userRepository.delete(client, userId))) authErrors.raise('AUTH_USER_NOT_FOUND', 'The account no longer exists');
    await enqueueEvent(client, createEvent('user.deleted', { userId }), userId);
    return ids;
  });
  await markSessionsRevoked(context.redis, sessionIds, context.config.ACCESS_TOKEN_TTL_SECONDS);
  void context.outbox.flush();
}
