import { readFileSync } from 'node:fs';
import { isAlive } from './lock.ts';
import type { StackStatus } from './status.ts';

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return '';
  }
}

/**
 * Kills store processes a crashed supervisor left behind, recorded in its last status.
 * Only a pid still running the recorded executable is touched.
 */
export async function killOrphans(status: StackStatus | undefined, log: (message: string) => void): Promise<void> {
  const orphans = (status?.processes ?? []).filter(
    (entry) => entry.pid !== undefined && entry.command !== undefined && isAlive(entry.pid) && commandLineOf(entry.pid) === entry.command,
  );
  for (const orphan of orphans) {
    log(`stopping ${orphan.name} (pid ${orphan.pid}) left behind by an earlier launcher`);
    process.kill(orphan.pid!, 'SIGTERM');
  }
  const deadline = Date.now() + 60_000;
  while (orphans.some((orphan) => isAlive(orphan.pid!)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
  for (const orphan of orphans) if (isAlive(orphan.pid!)) process.kill(orphan.pid!, 'SIGKILL');
}
