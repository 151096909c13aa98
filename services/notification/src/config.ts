import { z } from 'zod';
import { baseConfigShape, configFormats } from '@lynk/common/config';
import { accessTokenAudience, accessTokenIssuer } from '@lynk/common/auth-claims';
import { kafkaConfigShape, postgresConfigShape, redisConfigShape, telemetryConfigShape } from '@lynk/common/store';

/** Every setting of the notification service, read once from the environment at start. */
export const notificationConfigShape = {
  ...baseConfigShape,
  ...postgresConfigShape,
  // Each push lane holds a connection (PUSH_SENDS_AT_ONCE for each partition handled at once, the summary flusher and retries).
  POSTGRES_POOL_SIZE: z.coerce.number().int().positive().default(30).describe('connections in the pool'),
  ...redisConfigShape,
  ...kafkaConfigShape,
  ...telemetryConfigShape,
  PORT: configFormats.port().default(3003).describe('port the app listens on, behind its sidecar'),
  HOST: z.string().default('127.0.0.1').describe('address the app binds; only its sidecar should reach it'),
  INSTANCE_ID: z.string().min(1).default('notification-1').describe('names this instance in logs'),
  JWKS_URL: z.url().describe("auth's JWKS, through this service's sidecar"),
  JWT_ISSUER: z.string().default(accessTokenIssuer).describe('`iss` every access token must carry'),
  JWT_AUDIENCE: z.string().default(accessTokenAudience).describe('`aud` every access token must carry'),
  PUSH_PROVIDER: z.enum(['console', 'fcm']).default('console').describe('console writes each push to PUSH_SINK_FILE (development only); fcm sends through firebase-admin'),
  PUSH_SINK_FILE: z.string().default('state/logs/push-outbox.log').describe('where the console adapter writes each push'),
  FCM_SERVICE_ACCOUNT_FILE: z.string().optional().describe('Firebase service account JSON (project_id, client_email, private_key)'),
  FCM_API_ORIGIN: z.url().optional().describe('sends every FCM and OAuth request to this origin instead of Google; set only to reach a local stand-in'),
  FCM_API_CA_FILE: z.string().optional().describe('PEM of the CA that signed the stand-in at FCM_API_ORIGIN'),
  PUSH_COLLAPSE_WINDOW_MS: z.coerce.number().int().min(0).default(30_000).describe('after a push for a room, more messages in this window are folded into one summary push'),
  PUSH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5).describe('tries before a push goes to the dead-letter topic'),
  PUSH_RETRY_BASE_MS: z.coerce.number().int().min(10).default(1000).describe('first retry delay; it doubles on every try'),
  NOTIFY_EVENTS_AT_ONCE: z.coerce.number().int().min(1).max(5000).default(500).describe('message events of one partition handled together, sharing each store query'),
  PUSH_SENDS_AT_ONCE: z.coerce.number().int().min(1).max(64).default(8).describe('pushes of one partition under way at once, each to a different device'),
  MEMBERSHIP_WAIT_MS: z.coerce.number().int().min(0).default(5000).describe('how long a message for a room not yet known waits for its room events'),
};

export type NotificationConfig = z.infer<z.ZodObject<typeof notificationConfigShape>>;

/** Production refuses settings that are only safe on a developer machine. */
export function productionProblems(config: NotificationConfig): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (config.PUSH_PROVIDER === 'console') problems.push('PUSH_PROVIDER=console writes pushes to a file; production needs fcm');
  if (config.PUSH_PROVIDER === 'fcm' && !config.FCM_SERVICE_ACCOUNT_FILE) problems.push('PUSH_PROVIDER=fcm needs FCM_SERVICE_ACCOUNT_FILE');
  if (config.FCM_API_ORIGIN) problems.push('FCM_API_ORIGIN points FCM at a stand-in; production talks to Google');
  return problems;
}
