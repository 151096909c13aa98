import { policy } from '../../policy.ts';
import type { Credentials, ServiceName } from '../launcher/credentials.ts';
import type { ManagedProcess } from '../launcher/managed-process.ts';
import { loopback } from '../launcher/ports.ts';
import { repoRoot } from '../paths.ts';
import { runCommand } from '../tools/run-command.ts';
import { serviceEnvironment } from './service-environment.ts';

interface AppServiceOptions {
  service: ServiceName;
  /** Entry point, relative to the repo root. */
  entry: string;
  /** Schema migration run with the migrator logins before each start. */
  migrate?: string;
  /** The runtime environment: never the migrator logins. */
  runtimeEnvironment(credentials: Credentials): Record<string, string>;
}

/** Drops the migrator logins: the running app gets DML rights only. */
export function withoutMigratorLogins(env: Record<string, string>): Record<string, string> {
  const { POSTGRES_MIGRATOR_USER: _user, POSTGRES_MIGRATOR_PASSWORD: _password, CASSANDRA_MIGRATOR_USER: _cassandraUser, CASSANDRA_MIGRATOR_PASSWORD: _cassandraPassword, ...runtime } = env;
  return runtime;
}

/** A Lynk app behind its sidecar, started after the sidecars it talks through, migrated first. */
export function appService(options: AppServiceOptions): ManagedProcess {
  const workload = policy.workload(options.service);
  const appPort = workload.kind === 'service' ? workload.appPort : 0;
  const targets = policy.targetsOf(workload).map((allowance) => allowance.to);
  // The stores themselves too: their logins exist only once they are provisioned.
  const stores = targets.filter((target) => target.kind === 'store').map((target) => target.name);
  const sidecars = [...new Set([options.service, ...targets.map((target) => target.name)])].map((name) => `sidecar-${name}`);
  return {
    name: options.service,
    ports: [appPort],
    startTimeoutMs: 60_000,
    dependsOn: [...sidecars, ...stores],

    async prepare(context) {
      if (!options.migrate) return;
      // Asynchronous, so the supervisor keeps probing and restarting the others meanwhile.
      const output = await runCommand(process.execPath, ['--import', 'tsx', options.migrate], {
        cwd: repoRoot,
        env: { ...process.env, ...serviceEnvironment(options.service, context.credentials) },
      });
      context.log(output.trim());
    },

    command(context) {
      return { command: process.execPath, args: ['--import', 'tsx', options.entry], cwd: repoRoot, env: options.runtimeEnvironment(context.credentials) };
    },

    async probe() {
      const response = await fetch(`http://${loopback}:${appPort}/readyz`, { signal: AbortSignal.timeout(3000) });
      if (response.status !== 200) throw new Error(`${options.service} not ready: ${await response.text()}`);
    },

    async provision() {},
  };
}
