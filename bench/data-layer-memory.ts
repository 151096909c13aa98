/**
 * Peak and current memory of the running data layer, per process tree (a store and every
 * process it forked, e.g. Postgres backends). Run by hand with the stack up:
 *
 *   npm start && node --import tsx bench/data-layer-memory.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readStackStatus } from '../mesh/src/launcher/status.ts';

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number {
  try {
    // Field 4 of /proc/<pid>/stat, after the parenthesised command name.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

function processTree(root: number): number[] {
  const all = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number);
  const tree = [root];
  for (let grew = true; grew; ) {
    grew = false;
    for (const pid of all) {
      if (!tree.includes(pid) && tree.includes(parentOf(pid))) {
        tree.push(pid);
        grew = true;
      }
    }
  }
  return tree;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`.padStart(9);
const status = readStackStatus();
if (!status || status.state !== 'ready') {
  process.stderr.write('the stack is not running: npm start first\n');
  process.exit(1);
}
let totalRss = 0;
let totalPeak = 0;
process.stdout.write(`${'process'.padEnd(22)} ${'procs'.padStart(5)} ${'rss'.padStart(9)} ${'peak rss'.padStart(9)}\n`);
for (const entry of status.processes) {
  if (!entry.pid) continue;
  const tree = processTree(entry.pid);
  const rss = tree.reduce((sum, pid) => sum + statusField(pid, 'VmRSS'), 0);
  const peak = tree.reduce((sum, pid) => sum + statusField(pid, 'VmHWM'), 0);
  totalRss += rss;
  totalPeak += peak;
  process.stdout.write(`${entry.name.padEnd(22)} ${String(tree.length).padStart(5)} ${mib(rss)} ${mib(peak)}\n`);
}
process.stdout.write(`${'total'.padEnd(22)} ${''.padStart(5)} ${mib(totalRss)} ${mib(totalPeak)}\n`);
process.stdout.write('(peak rss sums each process\'s own high-water mark; shared pages count once per process)\n');
process.stdout.write('command: node --import tsx bench/data-layer-memory.ts\n');
