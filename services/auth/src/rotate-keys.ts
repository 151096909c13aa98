/**
 * Operator command (`npm run auth:rotate-keys [-- --now]`): a new signing key is published at once
 * and takes over once verifiers' JWKS caches hold it; with --now (a suspected leak) it takes over
 * at once. The old key stays in the JWKS until the tokens it signed have expired.
 */
import { z } from 'zod';
import { createLogger } from '@lynk/common';
import { loadConfigOrExit } from '@lynk/common/config';
import { createPostgresPool, postgresConfigShape } from '@lynk/common/store';
import { signingKeysService } from './use-cases/signing-keys-service.ts';
import { authConfigShape } from './config.ts';

const config = loadConfigOrExit({
  ...postgresConfigShape,
  KEY_ENCRYPTION_KEY: authConfigShape.KEY_ENCRYPTION_KEY,
  ACCESS_TOKEN_TTL_SECONDS: authConfigShape.ACCESS_TOKEN_TTL_SECONDS,
  SIGNING_KEY_ROTATE_AFTER_SECONDS: authConfigShape.SIGNING_KEY_ROTATE_AFTER_SECONDS,
  ROTATE_REASON: z.string().default('operator request').describe('why, for the log'),
});
const pool = createPostgresPool(config, createLogger('auth-rotate-keys'));
try {
  const keys = signingKeysService({ pool, masterKey: config.KEY_ENCRYPTION_KEY, rotateAfterSeconds: config.SIGNING_KEY_ROTATE_AFTER_SECONDS, accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS });
  const { kid, activatesAt } = await keys.rotate({ immediately: process.argv.includes('--now') });
  process.stdout.write(
    `new signing key ${kid} is published and signs from ${activatesAt.toISOString()} (${config.ROTATE_REASON}); the previous key stays published for ${config.ACCESS_TOKEN_TTL_SECONDS} s after that\n`,
  );
} finally {
  await pool.end();
}
