/** Composition root: config, stores, the message client, use cases, the HTTP app and the consumer, wired once. */
import { createJwtVerifier, createLogger, installGracefulShutdown, listenBehindSidecar, loadConfigOrExit, requireBearer } from '@lynk/common';
import { startUserDeletedConsumer } from '@lynk/common/events';
import type { ServiceMetrics } from '@lynk/common/metrics';
import { createKafka, createPostgresPool } from '@lynk/common/store';
import { mediaConfigShape } from './config.ts';
import { createApp } from './http/app.ts';
import { imageProcessor } from './providers/image-processor.ts';
import { messageRoomsOverMesh } from './providers/message-rooms.ts';
import { s3ObjectStore } from './store/object-store.ts';
import { startOrphanSweeper } from './use-cases/clean-orphans.ts';
import { eraseUserMedia } from './use-cases/erase-user.ts';
import type { MediaContext } from './use-cases/media-context.ts';

export async function startMediaServer(metrics: ServiceMetrics): Promise<{ stop: () => Promise<void> }> {
  const config = loadConfigOrExit(mediaConfigShape);
  const logger = createLogger('media', { level: config.LOG_LEVEL });

  const pool = createPostgresPool(config, logger);
  const objects = s3ObjectStore({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    partBytes: config.S3_PART_BYTES,
  });
  const kafka = createKafka(config, 'media');
  // Media has no Redis in the mesh, so it cannot see revoked sessions: access tokens (minutes) bound that, and the edge checks them too.
  const verifier = createJwtVerifier({ jwksUrl: config.JWKS_URL, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, onFetchError: (error) => logger.warn({ err: error }, 'JWKS fetch failed') });
  const context: MediaContext = {
    config,
    pool,
    logger,
    objects,
    rooms: messageRoomsOverMesh(config.MESSAGE_INTERNAL_URL),
    images: imageProcessor({ maxPixels: config.MAX_IMAGE_PIXELS, thumbnailSize: config.THUMBNAIL_SIZE, avatarSize: config.AVATAR_SIZE, maxConcurrent: config.MAX_CONCURRENT_IMAGES }),
  };

  let acceptingWork = true;
  const app = createApp({
    context,
    metrics,
    requireBearer: requireBearer((token) => verifier.verify(token)),
    isAcceptingWork: () => acceptingWork,
    readiness: {
      postgres: async () => void (await pool.query('SELECT 1')),
      s3: () => objects.ping(),
    },
  });
  const server = await listenBehindSidecar(app, config.PORT, config.HOST);
  // A large upload through a slow link takes minutes; the edge bounds the whole request (edgeTimeouts.request).
  server.requestTimeout = 0;
  const erasure = startUserDeletedConsumer({ kafka, groupId: 'media-user-deleted', logger, metrics, erase: (userId) => eraseUserMedia(context, userId) });
  const orphans = startOrphanSweeper(context);
  logger.info({ port: config.PORT }, 'media listening');

  const closeAll = async () => {
    acceptingWork = false;
    await Promise.all([erasure.stop(), orphans.stop()]);
    await pool.end();
    objects.close();
  };
  const shutdown = installGracefulShutdown({ server, logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS, closers: [{ name: 'stores', close: closeAll }] });
  return { stop: () => shutdown.shutdown('stop requested') };
}
