import { existsSync, mkdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { statePaths } from '../paths.ts';
import { runningAsRoot } from './local-user.ts';
import type { LaunchCommand, ManagedProcess } from './managed-process.ts';

/**
 * A private network namespace for one TCP-only store and its sidecar (see mesh/private-network.ts),
 * held open by a sleeping process so the store and its sidecar can crash and come back into the
 * same namespace. Root gets a plain network namespace; any other user a user namespace too, which
 * is what lets an unprivileged user own a network namespace (nothing else changes: same uid outside).
 */
export const holderName = (store: string) => `netns-${store}`;

const holderPidPath = (store: string) => join(statePaths.run, 'netns', `${store}.pid`);

function holderPid(store: string): number {
  const path = holderPidPath(store);
  if (!existsSync(path)) throw new Error(`${holderName(store)} is not running (no ${path})`);
  return Number(readFileSync(path, 'utf8').trim());
}

/** Runs `launch` inside the store's namespace; nsenter execs it, so pid and signals stay the program's own. */
export function enterPrivateNetwork(store: string, launch: LaunchCommand): LaunchCommand {
  const namespaces = runningAsRoot ? ['-n'] : ['-U', '-n', '--preserve-credentials'];
  return {
    ...launch,
    command: 'nsenter',
    args: ['-t', String(holderPid(store)), ...namespaces, '--', launch.command, ...launch.args],
    program: launch.program ?? launch.command,
  };
}

/** The holder process of `store`'s namespace. */
export function privateNetworkHolder(store: string): ManagedProcess {
  return {
    name: holderName(store),
    // Whatever the store binds is inside the namespace; nothing on the host's loopback.
    ports: [],
    listens: 'nothing: it holds the namespace',
    startTimeoutMs: 10_000,

    async prepare() {
      mkdirSync(join(statePaths.run, 'netns'), { recursive: true, mode: 0o700 });
      rmSync(holderPidPath(store), { force: true });
    },

    command(context) {
      const ip = context.tools.binaries.ip ?? 'ip';
      // A new namespace has loopback down; the pid written is this process's own (unshare and sh exec).
      const script = `"$1" link set lo up && echo $$ > "$2" && exec sleep infinity`;
      const namespaces = runningAsRoot ? ['--net'] : ['--user', '--map-root-user', '--net'];
      return { command: 'unshare', args: [...namespaces, 'sh', '-c', script, holderName(store), ip, holderPidPath(store)], program: 'sleep' };
    },

    async probe() {
      const pid = holderPid(store);
      if (readlinkSync(`/proc/${pid}/ns/net`) === readlinkSync('/proc/self/ns/net')) throw new Error(`${holderName(store)} (pid ${pid}) is still in the launcher's network namespace`);
    },

    async provision() {},
  };
}
