import { join } from 'node:path';
import { policy } from '../../policy.ts';
import type { Credentials } from '../launcher/credentials.ts';
import type { ManagedProcess } from '../launcher/managed-process.ts';
import { loopback } from '../launcher/ports.ts';
import { repoRoot, stateDir } from '../paths.ts';
import { runCommand } from '../tools/run-command.ts';
import { serviceEnvironment } from './service-environment.ts';

const auth = policy.workload('auth');
const appPort = auth.kind === 'service' ? auth.appPort : 0;

/** Where the development SMS adapter writes codes (README: "Reading SMS codes in development"). */
export const smsSinkFile = join(stateDir, 'logs', 'sms-outbox.log');

/** Auth's runtime environment: no migrator login, the app secrets, and the development SMS sink. */
export function authRuntimeEnvironment(credentials: Credentials): Record<string, string> {
  const { POSTGRES_MIGRATOR_USER: _user, POSTGRES_MIGRATOR_PASSWORD: _password, ...env } = serviceEnvironment('auth', credentials);
  return {
    ...env,
    KEY_ENCRYPTION_KEY: credentials.auth.keyEncryptionKey,
    SMS_CODE_PEPPER: credentials.auth.smsCodePepper,
    SMS_PROVIDER: 'console',
    SMS_SINK_FILE: smsSinkFile,
    // Every test and developer shares 127.0.0.1 through the edge; production keeps the default.
    CODE_SENDS_PER_IP_PER_HOUR: '100000',
  };
}

/** The auth service, behind its sidecar; its schema is migrated with the migrator role before it starts. */
export const authService: ManagedProcess = {
  name: 'auth',
  ports: [appPort],
  startTimeoutMs: 60_000,
  dependsOn: ['sidecar-auth', 'sidecar-postgres', 'sidecar-redis', 'sidecar-kafka', 'sidecar-jaeger'],

  async prepare(context) {
    // Asynchronous, so the supervisor keeps probing and restarting the others meanwhile.
    const output = await runCommand(process.execPath, ['--import', 'tsx', 'services/auth/src/migrate.ts'], {
      cwd: repoRoot,
      env: { ...process.env, ...serviceEnvironment('auth', context.credentials) },
    });
    context.log(output.trim());
  },

  command(context) {
    return { command: process.execPath, args: ['--import', 'tsx', 'services/auth/src/main.ts'], cwd: repoRoot, env: authRuntimeEnvironment(context.credentials) };
  },

  async probe() {
    const response = await fetch(`http://${loopback}:${appPort}/readyz`, { signal: AbortSignal.timeout(3000) });
    if (response.status !== 200) throw new Error(`auth not ready: ${await response.text()}`);
  },

  async provision() {},
};
