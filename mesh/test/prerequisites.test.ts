import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../src/paths.ts';

describe('tool bootstrap prerequisites', () => {
  it('stops with one line naming what to install when java is missing', () => {
    // A PATH with only node and a shell: everything the bootstrap needs beyond that is missing.
    const bin = mkdtempSync(join(tmpdir(), 'lynk-path-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    symlinkSync('/bin/sh', join(bin, 'sh'));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'mesh/src/cli.ts', 'tools'], {
      cwd: repoRoot,
      env: { PATH: bin, HOME: process.env.HOME },
      encoding: 'utf8',
    });
    assert.equal(result.status, 1);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, /^missing prerequisite: java \(needed for Kafka and Cassandra\); install OpenJDK 17/);
  });
});
