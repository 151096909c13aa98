import type { InstalledTools } from '../tools/bootstrap.ts';
import type { Credentials } from './credentials.ts';

/** Everything a store needs to prepare, start, probe and provision itself. */
export interface StoreContext {
  tools: InstalledTools;
  credentials: Credentials;
  /** Folder for this store's data; survives stop/start. */
  dataDir: string;
  /** Folder for this store's generated config files. */
  configDir: string;
  /** Appends a line to the launcher's own output. */
  log: (message: string) => void;
}

export interface LaunchCommand {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Run as this local user (e.g. postgres refuses to run as root). */
  runAsUser?: string;
  /** What the process runs once `command` has exec'd it (`nsenter … java` becomes java): how a leftover is recognised. */
  program?: string;
  /** Signal for a clean, fast shutdown; SIGTERM when absent. */
  stopSignal?: NodeJS.Signals;
}

/** A process the launcher supervises: one store or infrastructure component. */
export interface ManagedProcess {
  name: string;
  /** Loopback ports it binds; checked free before start. */
  ports: number[];
  /** Where it listens instead, when that is not a loopback port of the host (shown by `status`). */
  listens?: string;
  /** Idempotent one-time set-up before start: init data dirs, write configs. */
  prepare(context: StoreContext): Promise<void>;
  command(context: StoreContext): LaunchCommand;
  /** Resolves once the store accepts authenticated work; called repeatedly until it does. */
  probe(context: StoreContext): Promise<void>;
  /** Idempotent provisioning after the first successful probe: users, grants, topics, buckets. */
  provision(context: StoreContext): Promise<void>;
  /** How long to wait for readiness before calling the start a failure. */
  startTimeoutMs: number;
  /** Processes that must be ready (started and provisioned) before this one prepares. */
  dependsOn?: string[];
  /**
   * Processes this one lives inside (a network namespace's holder): when one of them comes back
   * after a crash, it comes back as something new, so this one is restarted into it.
   */
  restartsWith?: string[];
}
