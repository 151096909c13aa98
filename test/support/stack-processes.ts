import { readStackStatus, type ProcessStatus } from '../../mesh/src/launcher/status.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function processStatus(name: string): ProcessStatus {
  const found = readStackStatus()?.processes.find((entry) => entry.name === name);
  if (!found?.pid) throw new Error(`${name} is not running under the launcher`);
  return found;
}

/** Freezes a managed process (SIGSTOP): it keeps its sockets but answers nothing, like a hung node. */
export function pauseProcess(name: string): () => void {
  const { pid } = processStatus(name);
  process.kill(pid!, 'SIGSTOP');
  return () => process.kill(pid!, 'SIGCONT');
}

/** Stops a managed process for real; the launcher's supervisor restarts it. Resolves once it is ready again. */
export async function stopAndAwaitRestart(name: string, options: { signal?: NodeJS.Signals; whileDown?: () => Promise<void>; timeoutMs?: number } = {}): Promise<void> {
  const before = processStatus(name);
  process.kill(before.pid!, options.signal ?? 'SIGTERM');
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (readStackStatus()?.processes.find((entry) => entry.name === name)?.pid === before.pid) {
    if (Date.now() > deadline) throw new Error(`${name} did not stop`);
    await sleep(100);
  }
  await options.whileDown?.();
  for (;;) {
    const now = readStackStatus()?.processes.find((entry) => entry.name === name);
    if (now?.state === 'ready' && now.restarts > before.restarts) return;
    if (Date.now() > deadline) throw new Error(`${name} did not come back: ${now?.state} ${now?.lastError ?? ''}`);
    await sleep(250);
  }
}
