import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Logger } from '@lynk/common';
import type { OutboxRelay } from '@lynk/common/events';
import type { AuthConfig } from '../config.ts';
import type { SmsSender } from '../providers/sms-sender.ts';
import type { SigningKeys } from './signing-keys-service.ts';

/** Everything a use case may touch, built once in server.ts. */
export interface AuthContext {
  config: AuthConfig;
  pool: pg.Pool;
  redis: Redis;
  outbox: OutboxRelay;
  sms: SmsSender;
  logger: Logger;
  signingKeys: SigningKeys;
  limits: {
    codeSendsPerPhone: RateLimiterRedis;
    codeSendsPerIp: RateLimiterRedis;
    failedCodesPerPhone: RateLimiterRedis;
  };
}

/** Who is signing in, for the session list ("Pixel 8, Firefox, 203.0.113.7"). */
export interface DeviceInfo {
  deviceName: string;
  userAgent: string | null;
  ip: string | null;
}

/** What a successful sign-in or refresh returns to the client. */
export interface SessionTokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  sessionId: string;
  userId: string;
}
