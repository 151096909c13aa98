import { policy } from '../../policy.ts';
import type { Credentials, ServiceName } from '../launcher/credentials.ts';
import type { ManagedProcess } from '../launcher/managed-process.ts';
import { loopback } from '../launcher/ports.ts';
import { instancePort } from '../mesh/envoy-config.ts';
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
  /** Which of the service's instances this is (from 0); the first one migrates, the others wait for it. */
  instance?: number;
}

/** Drops the migrator logins: the running app gets DML rights only. */
export function withoutMigratorLogins(env: Record<string, string>): Record<string, string> {
  const { POSTGRES_MIGRATOR_USER: _user, POSTGRES_MIGRATOR_PASSWORD: _password, CASSANDRA_MIGRATOR_USER: _cassandraUser, CASSANDRA_MIGRATOR_PASSWORD: _cassandraPassword, ...runtime } = env;
  return runtime;
}

/** The first instance keeps the service's own name, so one-instance setups read as before. */
export function instanceName(service: string, instance: number): string {
  return instance === 0 ? service : `${service}-${instance + 1}`;
}

/** How many instances of a service to run: `LYNK_<SERVICE>_INSTANCES`, up to the policy's slots. */
export function instanceCount(service: ServiceName, fallback: number): number {
  const workload = policy.workload(service);
  const slots = workload.kind === 'service' ? workload.instanceSlots : 1;
  const raw = process.env[`LYNK_${service.toUpperCase()}_INSTANCES`];
  const count = raw === undefined || raw === '' ? Math.min(fallback, slots) : Number(raw);
  if (!Number.isInteger(count) || count < 1 || count > slots) throw new Error(`LYNK_${service.toUpperCase()}_INSTANCES must be a whole number from 1 to ${slots} (the policy's instanceSlots), not ${raw}`);
  return count;
}

/** A Lynk app behind its sidecar, started after the sidecars it talks through, migrated first. */
export function appService(options: AppServiceOptions): ManagedProcess {
  const workload = policy.workload(options.service);
  const instance = options.instance ?? 0;
  const appPort = workload.kind === 'service' ? instancePort(workload.appPort, instance) : 0;
  const targets = policy.targetsOf(workload).map((allowance) => allowance.to);
  // The stores themselves too: their logins exist only once they are provisioned.
  const stores = targets.filter((target) => target.kind === 'store').map((target) => target.name);
  const sidecars = [...new Set([options.service, ...targets.map((target) => target.name)])].map((name) => `sidecar-${name}`);
  return {
    name: instanceName(options.service, instance),
    ports: [appPort],
    startTimeoutMs: 60_000,
    dependsOn: [...sidecars, ...stores, ...(instance > 0 ? [options.service] : [])],

    async prepare(context) {
      if (!options.migrate || instance > 0) return;
      // Asynchronous, so the supervisor keeps probing and restarting the others meanwhile.
      const output = await runCommand(process.execPath, ['--import', 'tsx', options.migrate], {
        cwd: repoRoot,
        env: { ...process.env, ...serviceEnvironment(options.service, context.credentials) },
      });
      context.log(output.trim());
    },

    command(context) {
      const env = { ...options.runtimeEnvironment(context.credentials), PORT: String(appPort), INSTANCE_ID: `${options.service}-${instance + 1}` };
      return { command: process.execPath, args: ['--import', 'tsx', options.entry], cwd: repoRoot, env };
    },

    async probe() {
      const response = await fetch(`http://${loopback}:${appPort}/readyz`, { signal: AbortSignal.timeout(3000) });
      if (response.status !== 200) throw new Error(`${options.service} not ready: ${await response.text()}`);
    },

    async provision() {},
  };
}
