import { policy } from '../../policy.ts';
import type { Credentials } from '../launcher/credentials.ts';
import { loopback } from '../launcher/ports.ts';
import { mediaBucket } from '../stores/minio.ts';
import { appService, withoutMigratorLogins } from './app-service.ts';
import { serviceEnvironment } from './service-environment.ts';

/** Media reaches MinIO and message only through its own sidecar's outbound listeners. */
function throughMediaSidecar(target: 'minio' | 'message'): string {
  return `http://${loopback}:${policy.outboundPort(policy.workload('media'), policy.workload(target))}`;
}

/** Orphans go after 20 s in development (a day in production), so tests and developers see the cleanup happen. */
export const developmentOrphanGraceSeconds = 20;

export function mediaRuntimeEnvironment(credentials: Credentials): Record<string, string> {
  return {
    ...withoutMigratorLogins(serviceEnvironment('media', credentials)),
    S3_ENDPOINT: throughMediaSidecar('minio'),
    S3_BUCKET: mediaBucket,
    S3_ACCESS_KEY_ID: credentials.minio.media.user,
    S3_SECRET_ACCESS_KEY: credentials.minio.media.password,
    MESSAGE_INTERNAL_URL: throughMediaSidecar('message'),
    ORPHAN_GRACE_SECONDS: String(developmentOrphanGraceSeconds),
    ORPHAN_SWEEP_INTERVAL_MS: '2000',
  };
}

/** The media service: uploads, downloads, thumbnails and avatars; bytes in MinIO, rows in Postgres `media`. */
export const mediaService = appService({ service: 'media', entry: 'services/media/src/main.ts', migrate: 'services/media/src/migrate.ts', runtimeEnvironment: mediaRuntimeEnvironment });
