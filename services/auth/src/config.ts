import { z } from 'zod';
import { baseConfigShape, configFormats } from '@lynk/common/config';
import { accessTokenAudience, accessTokenIssuer } from '@lynk/common/auth-claims';
import { kafkaConfigShape, postgresConfigShape, redisConfigShape, telemetryConfigShape } from '@lynk/common/store';

const base64Key = (bytes: number) =>
  z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === bytes, `must be ${bytes} bytes, base64`)
    .transform((value) => Buffer.from(value, 'base64'));

/** Every setting of the auth service, read once from the environment at start. */
export const authConfigShape = {
  ...baseConfigShape,
  ...postgresConfigShape,
  ...redisConfigShape,
  ...kafkaConfigShape,
  ...telemetryConfigShape,
  PORT: configFormats.port().default(3001).describe('port the app listens on, behind its sidecar'),
  HOST: z.string().default('127.0.0.1').describe('address the app binds; only its sidecar should reach it'),
  JWT_ISSUER: z.string().default(accessTokenIssuer).describe('`iss` of every access token'),
  JWT_AUDIENCE: z.string().default(accessTokenAudience).describe('`aud` of every access token'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(600).describe('access token lifetime'),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(30 * 24 * 3600).describe('session lifetime without use'),
  SIGNING_KEY_ROTATE_AFTER_SECONDS: z.coerce.number().int().positive().default(24 * 3600).describe('age at which a new signing key takes over'),
  KEY_ENCRYPTION_KEY: base64Key(32).describe('AES-256 key that encrypts signing keys and TOTP secrets at rest'),
  SMS_CODE_PEPPER: base64Key(32).describe('HMAC key for SMS code hashes'),
  SMS_PROVIDER: z.enum(['console', 'twilio']).default('console').describe('console writes codes to SMS_SINK_FILE (development only)'),
  SMS_SINK_FILE: z.string().default('state/sms-outbox.log').describe('where the console adapter writes each SMS'),
  TWILIO_ACCOUNT_SID: z.string().optional().describe('Twilio account SID'),
  TWILIO_AUTH_TOKEN: z.string().optional().describe('Twilio auth token'),
  TWILIO_FROM_NUMBER: z.string().optional().describe('sender number or messaging service'),
  TWILIO_API_BASE_URL: z.url().optional().describe('Twilio API origin; set only to point the SDK at a stand-in'),
  CODE_SENDS_PER_PHONE_PER_HOUR: z.coerce.number().int().positive().default(5).describe('SMS codes one phone number may receive per hour'),
  CODE_SENDS_PER_IP_PER_HOUR: z.coerce.number().int().positive().default(30).describe('SMS codes one client address may request per hour'),
  FAILED_CODES_PER_PHONE_PER_HOUR: z.coerce.number().int().positive().default(10).describe('wrong codes before a phone number is locked for the hour'),
};

export type AuthConfig = z.infer<z.ZodObject<typeof authConfigShape>>;

/** Production refuses settings that are only safe on a developer machine. */
export function productionProblems(config: AuthConfig): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (config.SMS_PROVIDER === 'console') problems.push('SMS_PROVIDER=console writes codes to a file; production needs twilio');
  if (config.SMS_PROVIDER === 'twilio' && (!config.TWILIO_ACCOUNT_SID || !config.TWILIO_AUTH_TOKEN || !config.TWILIO_FROM_NUMBER)) {
    problems.push('SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER');
  }
  return problems;
}
