/**
 * CPU time from /proc, so a throughput figure can say who was using the (few) cores while it
 * was taken: the load generator, the target, the sidecars, and the machine as a whole.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const clockTicks = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name, starting with field 3 (state).
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime of one process, in seconds (0 when it is gone). */
function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / clockTicks : 0;
}

/** A process and everything it forked (e.g. the postmaster and its backends). */
export function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields) parents.set(Number(entry), Number(fields[1]));
  }
  const tree = [root];
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!tree.includes(pid) && tree.includes(parent)) {
        tree.push(pid);
        grew = true;
      }
    }
  }
  return tree;
}

/** Busy and total jiffies of the whole machine, from the first line of /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const values = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = values[3]! + values[4]!;
  return { busy: total - idle, total };
}

export type CpuGroups = Record<string, () => number[]>;

export interface CpuReport {
  /** Cores used on average during the window, per group. */
  cores: Record<string, number>;
  /** Share of all cores busy during the window (anything on the machine). */
  machineBusy: number;
}

/** Starts a CPU window over groups of pids (resolved now and again at the end, for late forks). */
export function startCpuWindow(groups: CpuGroups): () => CpuReport {
  const startedAt = process.hrtime.bigint();
  const machineStart = machineTicks();
  const startPids = Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, pids()]));
  const startTimes = new Map<number, number>();
  for (const pids of Object.values(startPids)) for (const pid of pids) startTimes.set(pid, cpuSeconds(pid));
  return () => {
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const machineEnd = machineTicks();
    const cores: Record<string, number> = {};
    for (const [name, pids] of Object.entries(groups)) {
      const all = new Set([...startPids[name]!, ...pids()]);
      let used = 0;
      // A pid gone by the end reads 0; its time in the window is lost rather than negative.
      for (const pid of all) used += Math.max(0, cpuSeconds(pid) - (startTimes.get(pid) ?? 0));
      cores[name] = used / seconds;
    }
    const total = machineEnd.total - machineStart.total;
    return { cores, machineBusy: total > 0 ? (machineEnd.busy - machineStart.busy) / total : Number.NaN };
  };
}
