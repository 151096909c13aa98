import { z } from 'zod';
import { baseConfigShape, configFormats } from '@lynk/common/config';
import { accessTokenAudience, accessTokenIssuer } from '@lynk/common/auth-claims';
import { kafkaConfigShape, postgresConfigShape, telemetryConfigShape } from '@lynk/common/store';

const mib = 1024 * 1024;

/** Every setting of the media service, read once from the environment at start. */
export const mediaConfigShape = {
  ...baseConfigShape,
  ...postgresConfigShape,
  ...kafkaConfigShape,
  ...telemetryConfigShape,
  PORT: configFormats.port().default(3004).describe('port the app listens on, behind its sidecar'),
  HOST: z.string().default('127.0.0.1').describe('address the app binds; only its sidecar should reach it'),
  JWKS_URL: z.url().describe("auth's JWKS, through this service's sidecar"),
  JWT_ISSUER: z.string().default(accessTokenIssuer).describe('`iss` every access token must carry'),
  JWT_AUDIENCE: z.string().default(accessTokenAudience).describe('`aud` every access token must carry'),
  S3_ENDPOINT: z.url().describe("S3 API origin: MinIO through this service's sidecar"),
  S3_REGION: z.string().default('us-east-1').describe('region the S3 signatures name'),
  S3_BUCKET: z.string().min(3).describe('bucket holding every upload, thumbnail and avatar'),
  S3_ACCESS_KEY_ID: z.string().min(1).describe("media's own S3 access key (read/write on its bucket only)"),
  S3_SECRET_ACCESS_KEY: z.string().min(1).describe('its secret'),
  S3_PART_BYTES: z.coerce.number().int().min(5 * mib).max(64 * mib).default(8 * mib).describe('multipart part size: memory per upload is about two parts'),
  MESSAGE_INTERNAL_URL: z.url().describe("message's /internal/ routes, through this service's sidecar"),
  MAX_IMAGE_PIXELS: z.coerce.number().int().positive().default(50_000_000).describe('images with more pixels are refused (decompression bombs)'),
  MAX_CONCURRENT_IMAGES: z.coerce.number().int().min(1).default(4).describe('images decoded at once; each is held whole (at most 20 MiB) while sharp works'),
  THUMBNAIL_SIZE: z.coerce.number().int().min(32).max(1024).default(320).describe('longest side of a thumbnail, in pixels'),
  AVATAR_SIZE: z.coerce.number().int().min(32).max(1024).default(256).describe('side of the square an avatar is stored as'),
  ORPHAN_GRACE_SECONDS: z.coerce.number().int().min(1).default(24 * 3600).describe('an upload no message references is deleted after this'),
  ABANDONED_UPLOAD_SECONDS: z.coerce.number().int().min(60).default(900).describe('an upload still receiving after this was abandoned; longer than the edge request timeout'),
  ORPHAN_SWEEP_INTERVAL_MS: configFormats.durationMs().default(300_000).describe('how often orphans are looked for'),
};

export type MediaConfig = z.infer<z.ZodObject<typeof mediaConfigShape>>;
