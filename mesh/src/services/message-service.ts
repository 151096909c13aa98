import type { Credentials } from '../launcher/credentials.ts';
import { appService, withoutMigratorLogins } from './app-service.ts';
import { serviceEnvironment } from './service-environment.ts';

/**
 * History partitions for rooms created in development span 10 s instead of a day, so paging
 * across partitions happens within a test's lifetime. A room keeps the span it was created with.
 */
const developmentBucketSeconds = 10;

export function messageRuntimeEnvironment(credentials: Credentials): Record<string, string> {
  return {
    ...withoutMigratorLogins(serviceEnvironment('message', credentials)),
    INSTANCE_ID: 'message-1',
    MESSAGE_BUCKET_SECONDS: String(developmentBucketSeconds),
    POSTGRES_POOL_SIZE: '20',
  };
}

/** The message service: rooms in Postgres, messages in Cassandra, live chat over Socket.IO. */
export const messageService = appService({ service: 'message', entry: 'services/message/src/main.ts', migrate: 'services/message/src/migrate.ts', runtimeEnvironment: messageRuntimeEnvironment });
