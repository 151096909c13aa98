import type { Redis } from 'ioredis';

/** A pending SMS verification: registration or login, for one phone number. */
export interface Challenge {
  id: string;
  purpose: 'register' | 'login';
  phone: string;
  displayName: string;
  codeHash: string;
  /** A login challenge for an unknown number: looks and costs the same, can never succeed. */
  decoy: boolean;
  attempts: number;
  /** When the code stops working; the record outlives it briefly so "expired" can be told apart from "unknown". */
  expiresAt: number;
}

/** How long an expired challenge is still recognised as expired rather than unknown. */
const expiredGraceSeconds = 600;

const key = (id: string) => `auth:challenge:${id}`;

const countAttemptScript = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('hincrby', KEYS[1], 'attempts', 1) else return -1 end";

export const challengeStore = {
  async save(redis: Redis, challenge: Omit<Challenge, 'attempts'>): Promise<void> {
    const fields = { purpose: challenge.purpose, phone: challenge.phone, displayName: challenge.displayName, codeHash: challenge.codeHash, decoy: challenge.decoy ? '1' : '0', attempts: '0', expiresAt: String(challenge.expiresAt) };
    const ttlSeconds = Math.ceil((challenge.expiresAt - Date.now()) / 1000) + expiredGraceSeconds;
    await redis.multi().hset(key(challenge.id), fields).expire(key(challenge.id), ttlSeconds).exec();
  },

  async find(redis: Redis, id: string): Promise<Challenge | undefined> {
    const fields = await redis.hgetall(key(id));
    if (!fields.codeHash) return undefined;
    return {
      id,
      purpose: fields.purpose === 'login' ? 'login' : 'register',
      phone: fields.phone ?? '',
      displayName: fields.displayName ?? '',
      codeHash: fields.codeHash,
      decoy: fields.decoy === '1',
      attempts: Number(fields.attempts ?? 0),
      expiresAt: Number(fields.expiresAt ?? 0),
    };
  },

  /** Counts a wrong code atomically; -1 once the challenge is gone (never recreates it without a TTL). */
  async recordFailedAttempt(redis: Redis, id: string): Promise<number> {
    return Number(await redis.eval(countAttemptScript, 1, key(id)));
  },

  /** True only for the one caller that removed it: a code is used once even under races. */
  async consume(redis: Redis, id: string): Promise<boolean> {
    return (await redis.del(key(id))) === 1;
  },
};
