/** Composition root: config, stores, providers, use cases and the HTTP app, wired once. */
import kafkajs from 'kafkajs';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createJwtVerifier, createLogger, installGracefulShutdown, listenBehindSidecar, loadConfigOrExit } from '@lynk/common';
import { isSessionRevoked } from '@lynk/common/auth-revocation';
import { startOutboxRelay } from '@lynk/common/events';
import type { ServiceMetrics } from '@lynk/common/metrics';
import { createKafka, createPostgresPool, createRedisClient } from '@lynk/common/store';
import { authConfigShape, productionProblems } from './config.ts';
import { jwksDocument } from './domain/jwks.ts';
import { createApp } from './http/app.ts';
import { requireBearer } from '@lynk/common';
import { consoleSmsSender } from './providers/console-sms-sender.ts';
import { twilioSmsSender } from './providers/twilio-sms-sender.ts';
import type { AuthContext } from './use-cases/auth-context.ts';
import { signingKeysService } from './use-cases/signing-keys-service.ts';

export async function startAuthServer(metrics: ServiceMetrics): Promise<{ stop: () => Promise<void> }> {
  const config = loadConfigOrExit(authConfigShape);
  const logger = createLogger('auth', { level: config.LOG_LEVEL });
  const refused = productionProblems(config);
  if (refused.length > 0) {
    logger.fatal({ problems: refused }, 'refusing to start in production');
    process.exit(78);
  }

  const pool = createPostgresPool(config, logger);
  const redis = createRedisClient(config, logger);
  const kafka = createKafka(config, 'auth');
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
  const kafkaAdmin = kafka.admin();
  await Promise.all([producer.connect(), kafkaAdmin.connect()]);
  const outbox = startOutboxRelay({ pool, producer, logger });
  const sms =
    config.SMS_PROVIDER === 'twilio'
      ? twilioSmsSender({ accountSid: config.TWILIO_ACCOUNT_SID ?? '', authToken: config.TWILIO_AUTH_TOKEN ?? '', from: config.TWILIO_FROM_NUMBER ?? '', apiBaseUrl: config.TWILIO_API_BASE_URL })
      : consoleSmsSender(config.SMS_SINK_FILE);
  const limiter = (keyPrefix: string, points: number) => new RateLimiterRedis({ storeClient: redis, keyPrefix: `auth:rl:${keyPrefix}`, points, duration: 3600 });
  const signingKeys = signingKeysService({ pool, masterKey: config.KEY_ENCRYPTION_KEY, rotateAfterSeconds: config.SIGNING_KEY_ROTATE_AFTER_SECONDS, accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS });
  await signingKeys.rotateIfDue();
  const rotation = setInterval(() => void signingKeys.rotateIfDue().catch((error: unknown) => logger.error({ err: error }, 'signing key rotation failed')), 60_000);
  rotation.unref();

  const context: AuthContext = {
    config,
    pool,
    redis,
    outbox,
    sms,
    logger,
    signingKeys,
    limits: {
      codeSendsPerPhone: limiter('send-phone', config.CODE_SENDS_PER_PHONE_PER_HOUR),
      codeSendsPerIp: limiter('send-ip', config.CODE_SENDS_PER_IP_PER_HOUR),
      failedCodesPerPhone: limiter('failed-phone', config.FAILED_CODES_PER_PHONE_PER_HOUR),
    },
  };
  // Auth verifies its own tokens exactly like every other service, from its own key table.
  const verifier = createJwtVerifier({
    jwksUrl: 'local:signing_keys',
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    fetchJwks: async () => jwksDocument(await signingKeys.published()),
    isSessionRevoked: (sessionId) => isSessionRevoked(redis, sessionId),
  });

  let acceptingWork = true;
  const app = createApp({
    context,
    metrics,
    requireBearer: requireBearer((token) => verifier.verify(token)),
    isAcceptingWork: () => acceptingWork,
    readiness: {
      postgres: async () => void (await pool.query('SELECT 1')),
      redis: async () => void (await redis.ping()),
      kafka: async () => void (await kafkaAdmin.fetchTopicMetadata({ topics: ['user.created'] })),
    },
  });
  const server = await listenBehindSidecar(app, config.PORT, config.HOST);
  logger.info({ port: config.PORT, sms: sms.name }, 'auth listening');

  const closeAll = async () => {
    acceptingWork = false;
    clearInterval(rotation);
    await outbox.stop();
    await Promise.all([producer.disconnect(), kafkaAdmin.disconnect()]);
    await pool.end();
    redis.disconnect();
  };
  const shutdown = installGracefulShutdown({ server, logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS, closers: [{ name: 'stores', close: closeAll }] });
  return { stop: () => shutdown.shutdown('stop requested') };
}
