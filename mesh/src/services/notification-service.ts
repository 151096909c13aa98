import { join } from 'node:path';
import type { Credentials } from '../launcher/credentials.ts';
import { stateDir } from '../paths.ts';
import { appService, withoutMigratorLogins } from './app-service.ts';
import { standinCredentials } from './fcm-standin-credentials.ts';
import { serviceEnvironment } from './service-environment.ts';

/** Where the development push adapter writes each push (README: "Notifications"). */
export const pushSinkFile = join(stateDir, 'logs', 'push-outbox.log');

/** Where a local FCM stand-in listens when the stack runs with LYNK_PUSH_PROVIDER=fcm-standin (the integration tests start it). */
export const fcmStandinPort = 19500;
export const fcmStandinDir = join(stateDir, 'secrets', 'fcm-standin');

/**
 * Pushes go to the console sink by default. `LYNK_PUSH_PROVIDER=fcm-standin` (what `npm test`
 * starts the stack with) makes the service use the real firebase-admin SDK against a local
 * stand-in of FCM, so tests see real requests and real error replies.
 */
function pushEnvironment(): Record<string, string> {
  const mode = process.env.LYNK_PUSH_PROVIDER ?? 'console';
  if (mode === 'console') return { PUSH_PROVIDER: 'console', PUSH_SINK_FILE: pushSinkFile };
  if (mode !== 'fcm-standin') throw new Error(`LYNK_PUSH_PROVIDER must be console or fcm-standin, not ${mode}`);
  const credentials = standinCredentials(fcmStandinDir);
  return { PUSH_PROVIDER: 'fcm', FCM_SERVICE_ACCOUNT_FILE: credentials.serviceAccountFile, FCM_API_ORIGIN: `https://127.0.0.1:${fcmStandinPort}`, FCM_API_CA_FILE: credentials.caFile };
}

export function notificationRuntimeEnvironment(credentials: Credentials): Record<string, string> {
  return {
    ...withoutMigratorLogins(serviceEnvironment('notification', credentials)),
    ...pushEnvironment(),
    // Development: short windows and backoffs, so collapsing, retries and dead letters happen within a test.
    PUSH_COLLAPSE_WINDOW_MS: '4000',
    PUSH_RETRY_BASE_MS: '300',
    PUSH_MAX_ATTEMPTS: '3',
  };
}

/** The notification service: Kafka consumers plus a small API, behind its sidecar. */
export const notificationService = appService({ service: 'notification', entry: 'services/notification/src/main.ts', migrate: 'services/notification/src/migrate.ts', runtimeEnvironment: notificationRuntimeEnvironment });
