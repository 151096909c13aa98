/**
 * CPU groups (for cpu.ts) named after the launcher's processes: each group is the process
 * tree of that entry in state/run/status.json, plus `bench` for this process.
 */
import { readStackStatus } from '../../mesh/src/launcher/status.ts';
import { processTree, type CpuGroups } from './cpu.ts';

export function stackCpuGroups(names: readonly string[]): CpuGroups {
  const groups: CpuGroups = {};
  for (const name of names) {
    const pid = readStackStatus()?.processes.find((entry) => entry.name === name)?.pid;
    if (pid) groups[name] = () => processTree(pid);
  }
  groups.bench = () => [process.pid];
  return groups;
}

/** "message 0.61, edge 0.40, …, machine 98% busy": cores each group used during the window. */
export function formatCpu(report: { cores: Record<string, number>; machineBusy: number }): string {
  const groups = Object.entries(report.cores).map(([name, cores]) => `${name} ${cores.toFixed(2)}`);
  return `${groups.join(', ')}; machine ${(report.machineBusy * 100).toFixed(0)}% busy`;
}
