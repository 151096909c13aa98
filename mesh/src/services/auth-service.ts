import { join } from 'node:path';
import type { Credentials } from '../launcher/credentials.ts';
import { stateDir } from '../paths.ts';
import { appService, withoutMigratorLogins } from './app-service.ts';
import { serviceEnvironment } from './service-environment.ts';

/** Where the development SMS adapter writes codes (README: "Reading SMS codes in development"). */
export const smsSinkFile = join(stateDir, 'logs', 'sms-outbox.log');

/** Every test and developer shares 127.0.0.1 through the edge; production keeps the default (30). */
export const developmentCodeSendsPerIpPerHour = 100_000;

/** Auth's runtime environment: no migrator login, the app secrets, and the development SMS sink. */
export function authRuntimeEnvironment(credentials: Credentials): Record<string, string> {
  return {
    ...withoutMigratorLogins(serviceEnvironment('auth', credentials)),
    KEY_ENCRYPTION_KEY: credentials.auth.keyEncryptionKey,
    SMS_CODE_PEPPER: credentials.auth.smsCodePepper,
    SMS_PROVIDER: 'console',
    SMS_SINK_FILE: smsSinkFile,
    CODE_SENDS_PER_IP_PER_HOUR: String(developmentCodeSendsPerIpPerHour),
  };
}

/** The auth service, behind its sidecar; its schema is migrated with the migrator role before it starts. */
export const authService = appService({ service: 'auth', entry: 'services/auth/src/main.ts', migrate: 'services/auth/src/migrate.ts', runtimeEnvironment: authRuntimeEnvironment });
