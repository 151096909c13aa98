/**
 * Reads message's presence entries (read-only Redis user): a person is online when one of their
 * connections is online and unexpired (`o:` members of `presence:user:<id>` scored above now).
 * Away devices count as not online, so an away person still gets pushes.
 */
import type { Redis } from 'ioredis';

export async function onlineAmong(redis: Redis, userIds: readonly string[], now = Date.now()): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const pipeline = redis.pipeline();
  for (const userId of userIds) pipeline.zrangebyscore(`presence:user:${userId}`, now, '+inf');
  const results = (await pipeline.exec()) ?? [];
  const online = new Set<string>();
  results.forEach(([error, members], index) => {
    if (error) throw error;
    if ((members as string[]).some((member) => member.startsWith('o:'))) online.add(userIds[index]!);
  });
  return online;
}
