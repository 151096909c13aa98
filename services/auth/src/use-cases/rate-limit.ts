import { RateLimiterRes, type RateLimiterRedis } from 'rate-limiter-flexible';
import { authErrors } from '../domain/auth-errors.ts';

/** Spends one point of `limiter` for `key`, or refuses with AUTH_RATE_LIMITED and when to retry. */
export async function consumeOrRefuse(limiter: RateLimiterRedis, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    authErrors.raise('AUTH_RATE_LIMITED', 'Too many attempts; try again later', { retryAfterSeconds: Math.ceil(error.msBeforeNext / 1000) });
  }
}
