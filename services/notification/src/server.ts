/** Composition root: config, stores, the push provider, the Kafka consumers and the HTTP API, wired once. */
import { readFileSync } from 'node:fs';
import kafkajs from 'kafkajs';
import { createJwtVerifier, createLogger, installGracefulShutdown, listenBehindSidecar, loadConfigOrExit, requireBearer } from '@lynk/common';
import { isSessionRevoked } from '@lynk/common/auth-revocation';
import type { ServiceMetrics } from '@lynk/common/metrics';
import { createKafka, createPostgresPool, createRedisClient } from '@lynk/common/store';
import { notificationConfigShape, productionProblems, type NotificationConfig } from './config.ts';
import { startNotificationConsumers } from './consumers/notification-consumers.ts';
import { createApp } from './http/app.ts';
import { consolePushSender } from './providers/console-push-sender.ts';
import { fcmPushSender } from './providers/fcm-push-sender.ts';
import type { PushSender } from './providers/push-sender.ts';
import { connectedAgent } from './providers/connected-agent.ts';
import { standinCredential } from './providers/standin-credential.ts';
import { startCollapsedPushFlusher } from './use-cases/flush-collapsed.ts';
import type { NotificationContext } from './use-cases/notification-context.ts';

function pushSenderFor(config: NotificationConfig): PushSender {
  if (config.PUSH_PROVIDER === 'console') return consolePushSender(config.PUSH_SINK_FILE);
  if (!config.FCM_SERVICE_ACCOUNT_FILE) throw new Error('PUSH_PROVIDER=fcm needs FCM_SERVICE_ACCOUNT_FILE');
  const account = JSON.parse(readFileSync(config.FCM_SERVICE_ACCOUNT_FILE, 'utf8')) as { project_id: string; client_email: string; private_key: string };
  const serviceAccount = { projectId: account.project_id, clientEmail: account.client_email, privateKey: account.private_key };
  if (!config.FCM_API_ORIGIN) return fcmPushSender({ serviceAccount, httpAgent: connectedAgent() });
  const origin = new URL(config.FCM_API_ORIGIN);
  const httpAgent = connectedAgent({ redirectTo: origin, ...(config.FCM_API_CA_FILE ? { ca: readFileSync(config.FCM_API_CA_FILE, 'utf8') } : {}) });
  return fcmPushSender({ serviceAccount, httpAgent, standin: { credential: standinCredential(origin, httpAgent) } });
}

export async function startNotificationServer(metrics: ServiceMetrics): Promise<{ stop: () => Promise<void> }> {
  const config = loadConfigOrExit(notificationConfigShape);
  const logger = createLogger('notification', { level: config.LOG_LEVEL }).child({ instance: config.INSTANCE_ID });
  const refused = productionProblems(config);
  if (refused.length > 0) {
    logger.fatal({ problems: refused }, 'refusing to start in production');
    process.exit(78);
  }

  const pool = createPostgresPool(config, logger);
  const redis = createRedisClient(config, logger);
  const kafka = createKafka(config, `notification-${config.INSTANCE_ID}`);
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: kafkajs.Partitioners.DefaultPartitioner, retry: { retries: 3, initialRetryTime: 200 } });
  await producer.connect().catch((error: unknown) => logger.warn({ err: error }, 'Kafka unreachable at start; consumers wait for it'));
  const push = pushSenderFor(config);
  logger.info({ provider: push.name }, 'push provider ready');

  const context: NotificationContext = { config, pool, redis, producer, push, logger };
  const consumers = startNotificationConsumers(kafka, context, metrics);
  const flusher = startCollapsedPushFlusher(context);

  const verifier = createJwtVerifier({
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    isSessionRevoked: (sessionId) => isSessionRevoked(redis, sessionId),
    onFetchError: (error) => logger.warn({ err: error }, 'JWKS fetch failed'),
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
      // Until the groups are joined, a new message would be missed (new groups start at the end).
      kafka: async () => {
        if (!consumers.allJoined()) throw new Error('Kafka consumer groups not joined yet');
      },
    },
  });
  const server = await listenBehindSidecar(app, config.PORT, config.HOST);
  logger.info({ port: config.PORT }, 'notification listening');

  const closeAll = async () => {
    acceptingWork = false;
    await Promise.all([consumers.stop(), flusher.stop()]);
    await producer.disconnect().catch(() => undefined);
    await push.close();
    await pool.end();
    redis.disconnect();
  };
  const shutdown = installGracefulShutdown({ server, logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS, closers: [{ name: 'stores', close: closeAll }] });
  return { stop: () => shutdown.shutdown('stop requested') };
}
