import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { runningAsRoot } from '../src/launcher/local-user.ts';

const module = fileURLToPath(new URL('../src/launcher/open-file-limit.ts', import.meta.url));

/**
 * Starts a process with a low open-file limit (soft 256, hard 4,096), has it raise its limit as the
 * supervisor does, and reports what it and a child it then starts may open.
 */
function raisedFrom256(wanted: number): { returned: number; child: number } {
  const script = `
    import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
    import { raiseOpenFileLimit } from ${JSON.stringify(module)};
    const returned = raiseOpenFileLimit(${wanted});
    const child = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }));
    process.stdout.write(JSON.stringify({ returned, child }));`;
  const output = execFileSync('prlimit', ['--nofile=256:4096', '--', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(output) as { returned: number; child: number };
}

/** Whether this process may raise a hard limit: root with CAP_SYS_RESOURCE (bit 24), which some containers drop. */
function mayRaiseHardLimits(): boolean {
  const effective = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0';
  return runningAsRoot && (BigInt(`0x${effective}`) & (1n << 24n)) !== 0n;
}

describe('the open-file limit the supervisor starts everything with', () => {
  it('is raised past a low soft limit, and what it starts inherits it', () => {
    // Root raises the hard limit too; anyone else gets the soft limit up to the hard one.
    const expected = mayRaiseHardLimits() ? 8192 : 4096;
    assert.deepEqual(raisedFrom256(8192), { returned: expected, child: expected });
  });
});
