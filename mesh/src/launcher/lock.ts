import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { statePaths } from '../paths.ts';

/** True when a process with this pid exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockHolder(path = statePaths.lock): number | undefined {
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Takes the launcher lock atomically (O_EXCL), so two starts at once cannot both run the
 * stores on one data folder. A lock left by a dead process is taken over.
 */
export function acquireLock(pid: number, path = statePaths.lock): { acquired: true } | { acquired: false; holder: number } {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, String(pid));
      closeSync(fd);
      return { acquired: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = lockHolder(path);
      if (holder !== undefined && isAlive(holder)) return { acquired: false, holder };
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not take the launcher lock ${path}`);
}

export function handOverLock(pid: number, path = statePaths.lock): void {
  writeFileSync(path, String(pid));
}

export function releaseLock(path = statePaths.lock): void {
  rmSync(path, { force: true });
}
