/** Composition root: config, stores, use cases, the HTTP app and the Socket.IO server, wired once. */
import { createAdapter } from '@socket.io/redis-adapter';
import kafkajs from 'kafkajs';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createJwtVerifier, createLogger, installGracefulShutdown, listenBehindSidecar, loadConfigOrExit, requireBearer } from '@lynk/common';
import { isSessionRevoked } from '@lynk/common/auth-revocation';
import { startOutboxRelay, startUserDeletedConsumer } from '@lynk/common/events';
import { eraseUser } from './use-cases/erase-user.ts';
import type { ServiceMetrics } from '@lynk/common/metrics';
import { createCassandraClient, createKafka, createPostgresPool, createRedisClient } from '@lynk/common/store';
import { messageConfigShape } from './config.ts';
import { startEventPublisher } from './events/event-publisher.ts';
import { createApp } from './http/app.ts';
import { createChatSocketServer, serveChatConnections, socketIoChannelPrefix } from './socket/chat-socket-server.ts';
import { clusterWideSendPermissions } from './socket/cluster-send-permissions.ts';
import { releaseUpgradeRequests } from './socket/connection-memory.ts';
import { liveRoomFanout } from './socket/live-room-fanout.ts';
import { startPresenceTracker } from './socket/presence-tracker.ts';
import { startRevokedSessionSweeper } from './socket/revoked-session-sweeper.ts';
import { redisClientMessageIds } from './store/client-message-ids.ts';
import { cassandraEventOutbox } from './store/event-outbox.ts';
import { cassandraMessageStore } from './store/message-store.ts';
import { redisPresenceStore } from './store/presence-store.ts';
import { cassandraReactionStore } from './store/reaction-store.ts';
import { roomNameFilterFor } from './store/room-name-filter-setup.ts';
import type { MessageContext } from './use-cases/message-context.ts';
import { sendPermissionCache } from './use-cases/send-permission-cache.ts';

export async function startMessageServer(metrics: ServiceMetrics): Promise<{ stop: () => Promise<void> }> {
  const config = loadConfigOrExit(messageConfigShape);
  const logger = createLogger('message', { level: config.LOG_LEVEL }).child({ instance: config.INSTANCE_ID });

  const pool = createPostgresPool(config, logger);
  const redis = createRedisClient(config, logger);
  const cassandra = createCassandraClient(config, { readTimeoutMs: config.MESSAGE_STORE_TIMEOUT_MS });
  await cassandra.connect();
  const kafka = createKafka(config, `message-${config.INSTANCE_ID}`);
  // Idempotent: a retry after a lost acknowledgement (a broker going down mid-request) is not written twice.
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: kafkajs.Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1, retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1000 } });
  const kafkaAdmin = kafka.admin();
  // Chat must work while Kafka is away: events wait in the outboxes until it returns.
  await Promise.all([producer.connect(), kafkaAdmin.connect()]).catch((error: unknown) => logger.warn({ err: error }, 'Kafka unreachable at start; events wait in the outbox'));

  const verifier = createJwtVerifier({
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    isSessionRevoked: (sessionId) => isSessionRevoked(redis, sessionId),
    onFetchError: (error) => logger.warn({ err: error }, 'JWKS fetch failed'),
  });
  const publisher = startEventPublisher({ producer, outbox: cassandraEventOutbox(cassandra), redis, logger, instanceId: config.INSTANCE_ID });
  const roomEvents = startOutboxRelay({ pool, producer, logger });

  let acceptingWork = true;
  const io = createChatSocketServer({ verifier, metrics, maxPayloadBytes: config.MAX_SOCKET_PAYLOAD_BYTES });
  // Instances share rooms, joins, leaves and server-side events through Redis pub/sub.
  const adapterSubscriber = redis.duplicate();
  io.adapter(createAdapter(redis, adapterSubscriber, { key: socketIoChannelPrefix }));
  const context: MessageContext = {
    config,
    pool,
    redis,
    logger,
    messages: cassandraMessageStore(cassandra),
    reactions: cassandraReactionStore(cassandra),
    presence: redisPresenceStore(redis, { ttlMs: config.PRESENCE_TTL_MS }),
    clientMessageIds: redisClientMessageIds(redis),
    publisher,
    roomEvents,
    roomNames: await roomNameFilterFor({ redis, pool, logger, capacity: config.ROOM_NAME_FILTER_CAPACITY }),
    live: liveRoomFanout(io),
    sendLimiter: new RateLimiterRedis({ storeClient: redis, keyPrefix: 'message:rl:send', points: config.SENDS_PER_USER_PER_10S, duration: 10, inMemoryBlockOnConsumed: config.SENDS_PER_USER_PER_10S }),
    sendPermissions: clusterWideSendPermissions(sendPermissionCache({ ttlMs: 10_000, maxEntries: 100_000 }), io),
    indexedBuckets: new Map(),
  };
  const presenceTracker = startPresenceTracker(io, context.presence, logger, { renewEveryMs: config.PRESENCE_RENEW_MS });
  serveChatConnections(io, context, { presence: presenceTracker, typing: { throttleMs: config.TYPING_THROTTLE_MS, expiresAfterMs: config.TYPING_EXPIRES_MS } });
  const app = createApp({
    context,
    metrics,
    requireBearer: requireBearer((token) => verifier.verify(token)),
    isAcceptingWork: () => acceptingWork,
    readiness: {
      postgres: async () => void (await pool.query('SELECT 1')),
      redis: async () => void (await redis.ping()),
      cassandra: async () => void (await cassandra.execute('SELECT release_version FROM system.local')),
    },
  });
  const server = await listenBehindSidecar(app, config.PORT, config.HOST);
  io.attach(server);
  releaseUpgradeRequests(io);
  const erasure = startUserDeletedConsumer({ kafka, groupId: 'message-user-deleted', logger, metrics, erase: (userId) => eraseUser(context, userId) });
  const sweeper = startRevokedSessionSweeper({ io, redis, logger, intervalMs: config.REVOCATION_SWEEP_MS });
  logger.info({ port: config.PORT }, 'message listening');

  const closeAll = async () => {
    acceptingWork = false;
    sweeper.stop();
    presenceTracker.stop();
    await new Promise<void>((resolve) => void io.close(() => resolve()));
    await Promise.all([publisher.stop(), roomEvents.stop(), erasure.stop()]);
    await Promise.all([producer.disconnect(), kafkaAdmin.disconnect()]).catch(() => undefined);
    await Promise.all([pool.end(), cassandra.shutdown()]);
    adapterSubscriber.disconnect();
    redis.disconnect();
  };
  const shutdown = installGracefulShutdown({ server, logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS, closers: [{ name: 'stores', close: closeAll }] });
  return { stop: () => shutdown.shutdown('stop requested') };
}
