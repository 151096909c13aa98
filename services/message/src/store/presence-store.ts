/**
 * Presence in Redis: one sorted set per user, `presence:user:<id>`, whose members are that user's
 * connections (`o:<id>` online, `a:<id>` away) scored by when they expire. Instances renew their
 * connections' scores; a crashed instance's connections simply expire, so nobody stays online
 * forever. One script call per change keeps the read-modify-write atomic. Readers outside this
 * service (notification) count members with a score above now: `ZCOUNT key <now-ms> +inf`.
 */
import type { Redis } from 'ioredis';
import type { DeviceStatus, PresenceStatus } from '../domain/presence-status.ts';

export const presenceKey = (userId: string) => `presence:user:${userId}`;

// Returns the user's status before and after the change. `op` is up (connect, renew, set status) or down.
const applyConnection = `
local key, now, ttl, op, conn, status = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5]
local function current()
  local members = redis.call('ZRANGEBYSCORE', key, now, '+inf')
  if #members == 0 then return 'offline' end
  for _, member in ipairs(members) do
    if string.sub(member, 1, 2) == 'o:' then return 'online' end
  end
  return 'away'
end
redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. now)
local before = current()
redis.call('ZREM', key, 'o:' .. conn, 'a:' .. conn)
if op == 'up' then
  redis.call('ZADD', key, now + ttl, (status == 'away' and 'a:' or 'o:') .. conn)
end
if redis.call('ZCARD', key) == 0 then
  redis.call('DEL', key)
else
  redis.call('PEXPIRE', key, ttl)
end
return { before, current() }
`;

const readStatus = `
local members = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], '+inf')
if #members == 0 then return 'offline' end
for _, member in ipairs(members) do
  if string.sub(member, 1, 2) == 'o:' then return 'online' end
end
return 'away'
`;

interface PresenceCommands {
  presenceApply(key: string, now: number, ttlMs: number, op: 'up' | 'down', connectionId: string, status: string): Promise<[PresenceStatus, PresenceStatus]>;
  presenceRead(key: string, now: number): Promise<PresenceStatus>;
}

export interface PresenceChange {
  before: PresenceStatus;
  after: PresenceStatus;
}

export interface PresenceStore {
  /** Connects, renews or re-labels one connection. */
  up(userId: string, connectionId: string, status: DeviceStatus): Promise<PresenceChange>;
  down(userId: string, connectionId: string): Promise<PresenceChange>;
  /** Renews many connections in one round trip. */
  renew(connections: readonly { userId: string; connectionId: string; status: DeviceStatus }[]): Promise<void>;
  statuses(userIds: readonly string[]): Promise<Map<string, PresenceStatus>>;
}

export function redisPresenceStore(redis: Redis, options: { ttlMs: number }): PresenceStore {
  const commands = redis as Redis & PresenceCommands;
  if (!('presenceApply' in commands)) {
    redis.defineCommand('presenceApply', { numberOfKeys: 1, lua: applyConnection });
    redis.defineCommand('presenceRead', { numberOfKeys: 1, lua: readStatus });
  }
  const apply = async (userId: string, op: 'up' | 'down', connectionId: string, status: DeviceStatus | '') => {
    const [before, after] = await commands.presenceApply(presenceKey(userId), Date.now(), options.ttlMs, op, connectionId, status);
    return { before, after };
  };
  return {
    up: (userId, connectionId, status) => apply(userId, 'up', connectionId, status),
    down: (userId, connectionId) => apply(userId, 'down', connectionId, ''),
    async renew(connections) {
      if (connections.length === 0) return;
      const pipeline = redis.pipeline() as unknown as PresenceCommands & { exec(): Promise<unknown> };
      const now = Date.now();
      for (const connection of connections) void pipeline.presenceApply(presenceKey(connection.userId), now, options.ttlMs, 'up', connection.connectionId, connection.status);
      await pipeline.exec();
    },
    async statuses(userIds) {
      const now = Date.now();
      const found = await Promise.all(userIds.map(async (userId) => [userId, await commands.presenceRead(presenceKey(userId), now)] as const));
      return new Map(found);
    },
  };
}
