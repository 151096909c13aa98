import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the repository checkout this launcher belongs to. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Gitignored folder holding data, credentials, logs and pid files; survives stop/start. */
export const stateDir = resolve(process.env.LYNK_STATE_DIR ?? join(repoRoot, 'state'));

/** Tool cache outside the repo so fresh clones on this machine reuse downloads and builds. */
export const toolsCacheDir = resolve(process.env.LYNK_TOOLS_CACHE ?? join(homedir(), '.cache', 'lynk', 'tools'));

export const statePaths = {
  data: (store: string) => join(stateDir, 'data', store),
  config: (store: string) => join(stateDir, 'config', store),
  logs: join(stateDir, 'logs'),
  log: (name: string) => join(stateDir, 'logs', `${name}.log`),
  run: join(stateDir, 'run'),
  lock: join(stateDir, 'run', 'launcher.lock'),
  status: join(stateDir, 'run', 'status.json'),
  secrets: join(stateDir, 'secrets'),
  credentials: join(stateDir, 'secrets', 'credentials.json'),
};
