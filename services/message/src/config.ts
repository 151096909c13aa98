import { z } from 'zod';
import { baseConfigShape, configFormats } from '@lynk/common/config';
import { accessTokenAudience, accessTokenIssuer } from '@lynk/common/auth-claims';
import { cassandraConfigShape, kafkaConfigShape, postgresConfigShape, redisConfigShape, telemetryConfigShape } from '@lynk/common/store';

/** Every setting of the message service, read once from the environment at start. */
export const messageConfigShape = {
  ...baseConfigShape,
  ...postgresConfigShape,
  ...redisConfigShape,
  ...kafkaConfigShape,
  ...cassandraConfigShape,
  ...telemetryConfigShape,
  PORT: configFormats.port().default(3002).describe('port the app listens on, behind its sidecar'),
  HOST: z.string().default('127.0.0.1').describe('address the app binds; only its sidecar should reach it'),
  INSTANCE_ID: z.string().min(1).default('message-1').describe('names this instance in logs and presence entries'),
  JWKS_URL: z.url().describe("auth's JWKS, through this service's sidecar"),
  JWT_ISSUER: z.string().default(accessTokenIssuer).describe('`iss` every access token must carry'),
  JWT_AUDIENCE: z.string().default(accessTokenAudience).describe('`aud` every access token must carry'),
  MESSAGE_BUCKET_SECONDS: z.coerce.number().int().min(2).default(86_400).describe('time span of one history partition for rooms created from now on'),
  MESSAGE_STORE_TIMEOUT_MS: z.coerce.number().int().min(100).max(2000).default(1500).describe('longest a send waits for Cassandra before it fails'),
  SENDS_PER_USER_PER_10S: z.coerce.number().int().positive().default(50).describe('messages one user may send in 10 seconds'),
  MAX_SOCKET_PAYLOAD_BYTES: z.coerce.number().int().min(1024).default(64 * 1024).describe('largest Socket.IO packet accepted'),
  REVOCATION_SWEEP_MS: z.coerce.number().int().min(200).default(2000).describe('how often open sockets are checked against revoked sessions'),
  PRESENCE_TTL_MS: z.coerce.number().int().min(1000).default(60_000).describe('how long a connection counts as present without a renewal (a crashed instance\'s users go offline after this)'),
  PRESENCE_RENEW_MS: z.coerce.number().int().min(200).default(20_000).describe('how often an instance renews its connections\' presence; well under PRESENCE_TTL_MS'),
  TYPING_THROTTLE_MS: z.coerce.number().int().min(0).default(3000).describe('typing:start renewals inside this window are not forwarded again'),
  TYPING_EXPIRES_MS: z.coerce.number().int().min(500).default(8000).describe('a typing indicator ends this long after its last renewal'),
  INTERNAL_CALLER_IDS: z.string().default('spiffe://lynk.internal/service/media').describe('comma-separated SPIFFE IDs that may call /internal/ (the sidecar RBAC allows only these too)'),
  ROOM_NAME_FILTER_CAPACITY: z.coerce.number().int().min(1024).default(1_000_000).describe('room names the cuckoo filter is sized for'),
};

export type MessageConfig = z.infer<z.ZodObject<typeof messageConfigShape>>;
