/**
 * Revoked sessions, visible to every service within a round trip to Redis: auth writes one key
 * per revoked `sid`, kept as long as an access token of that session can still be valid; the
 * other services' Redis users may read `auth:revoked-session:*` and nothing else of auth's.
 */
interface RedisLike {
  exists(key: string): Promise<number>;
  set(key: string, value: string, mode: 'EX', seconds: number): Promise<unknown>;
}

export const revokedSessionKeyPrefix = 'auth:revoked-session:';

/** Seconds past an access token's lifetime to keep the mark, for clock skew between services. */
const skewSeconds = 60;

export async function markSessionsRevoked(redis: RedisLike, sessionIds: string[], accessTokenTtlSeconds: number): Promise<void> {
  await Promise.all(sessionIds.map((sid) => redis.set(`${revokedSessionKeyPrefix}${sid}`, '1', 'EX', accessTokenTtlSeconds + skewSeconds)));
}

export async function isSessionRevoked(redis: RedisLike, sessionId: string): Promise<boolean> {
  return (await redis.exists(`${revokedSessionKeyPrefix}${sessionId}`)) === 1;
}
