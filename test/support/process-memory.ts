import { readFileSync } from 'node:fs';
import { readStackStatus } from '../../mesh/src/launcher/status.ts';

/** The pid of a process the launcher runs, from its status file. */
export function launcherPid(name: string): number {
  const pid = readStackStatus()?.processes.find((entry) => entry.name === name)?.pid;
  if (!pid) throw new Error(`${name} is not running under the launcher`);
  return pid;
}

/** Resident set size in bytes, from /proc/<pid>/status. */
export function residentBytes(pid: number): number {
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kib) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kib) * 1024;
}

/** Samples a process's RSS every `everyMs` while `work` runs; resolves with the work's result and the peak. */
export async function peakResidentDuring<T>(pid: number, work: () => Promise<T>, everyMs = 25): Promise<{ result: T; peakBytes: number; beforeBytes: number }> {
  const beforeBytes = residentBytes(pid);
  let peakBytes = beforeBytes;
  const sampler = setInterval(() => (peakBytes = Math.max(peakBytes, residentBytes(pid))), everyMs);
  try {
    const result = await work();
    peakBytes = Math.max(peakBytes, residentBytes(pid));
    return { result, peakBytes, beforeBytes };
  } finally {
    clearInterval(sampler);
  }
}
