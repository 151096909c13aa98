import type { Credentials } from '../launcher/credentials.ts';
import { appService, instanceCount, withoutMigratorLogins } from './app-service.ts';
import { serviceEnvironment } from './service-environment.ts';

/**
 * History partitions for rooms created in development span 10 s instead of a day, so paging
 * across partitions happens within a test's lifetime. A room keeps the span it was created with.
 */
const developmentBucketSeconds = 10;

export function messageRuntimeEnvironment(credentials: Credentials): Record<string, string> {
  return {
    ...withoutMigratorLogins(serviceEnvironment('message', credentials)),
    PRESENCE_TTL_MS: '15000',
    PRESENCE_RENEW_MS: '5000',
    MESSAGE_BUCKET_SECONDS: String(developmentBucketSeconds),
    POSTGRES_POOL_SIZE: '20',
  };
}

/** The message service: rooms in Postgres, messages in Cassandra, live chat over Socket.IO. */
/** Two by default, behind one sidecar, so chat across instances is what everyone runs and tests. */
export const defaultMessageInstances = 2;

export const messageServices = Array.from({ length: instanceCount('message', defaultMessageInstances) }, (_, instance) =>
  appService({ service: 'message', entry: 'services/message/src/main.ts', migrate: 'services/message/src/migrate.ts', runtimeEnvironment: messageRuntimeEnvironment, instance }),
);
