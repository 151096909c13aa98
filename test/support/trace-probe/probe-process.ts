import { join } from 'node:path';
import { startJsonLineProcess, type JsonLineProcess } from '../json-line-process.ts';

export type ProbeProcess = JsonLineProcess;

/** Starts `probe-main.ts <role>` and resolves once it logs that it is ready. */
export function startProbe(role: 'http' | 'consumer', env: Record<string, string> = {}): Promise<ProbeProcess> {
  return startJsonLineProcess({ script: join('test', 'support', 'trace-probe', 'probe-main.ts'), args: [role], env }, (line) => line.msg === 'probe ready').then(({ child, lines, stop }) => ({ child, lines, stop }));
}
