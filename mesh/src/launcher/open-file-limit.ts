import { execFileSync } from 'node:child_process';
import { runningAsRoot } from './local-user.ts';

/**
 * Every open chat socket costs the edge two file descriptors (client and upstream) and the
 * message sidecar and app one or two more, so 10,000 sockets on one instance need more than the
 * usual 20,000 or 1,024. The supervisor raises its own limit before it starts anything, and every
 * process it starts inherits it: as root (with CAP_SYS_RESOURCE) up to `wanted`, otherwise the soft
 * limit up to the hard one.
 * Returns the limit now in force.
 */
export function raiseOpenFileLimit(wanted = 65_536): number {
  const current = () => execFileSync('prlimit', ['--pid', String(process.pid), '--nofile', '--raw', '--noheadings', '--output', 'SOFT,HARD'], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  const [soft = 0, hard = 0] = current();
  const set = (limit: number) => execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${limit}:${Math.max(limit, hard)}`], { stdio: 'ignore' });
  if (runningAsRoot && hard < wanted) {
    try {
      set(wanted);
      return wanted;
    } catch {
      // Root without CAP_SYS_RESOURCE (as in some containers) cannot raise the hard limit.
    }
  }
  if (soft < hard) set(hard);
  return current()[0] ?? soft;
}
