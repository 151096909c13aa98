import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { statePaths } from '../paths.ts';
import type { InstalledTools } from '../tools/bootstrap.ts';
import type { Credentials } from './credentials.ts';
import type { ManagedProcess, StoreContext } from './managed-process.ts';

export function storeContext(process: ManagedProcess, tools: InstalledTools, credentials: Credentials, log: (message: string) => void): StoreContext {
  const dataDir = statePaths.data(process.name);
  const configDir = statePaths.config(process.name);
  // Parents are traversable (not listable) so a store running as its own user reaches its folder.
  for (const parent of [dirname(dataDir), dirname(configDir)]) {
    mkdirSync(parent, { recursive: true });
    chmodSync(parent, 0o711);
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  return { tools, credentials, dataDir, configDir, log };
}
