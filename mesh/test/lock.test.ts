import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { acquireLock, lockHolder, releaseLock } from '../src/launcher/lock.ts';
import { restartDelayMs } from '../src/launcher/backoff.ts';

describe('launcher lock', () => {
  it('refuses a second holder while the first is alive', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'lynk-lock-')), 'launcher.lock');
    assert.deepEqual(acquireLock(process.pid, path), { acquired: true });
    assert.deepEqual(acquireLock(12345678, path), { acquired: false, holder: process.pid });
    releaseLock(path);
    assert.equal(lockHolder(path), undefined);
  });

  it('takes over a lock left by a dead process', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'lynk-lock-')), 'launcher.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    assert.deepEqual(acquireLock(Number(dead.stdout), path), { acquired: true });
    assert.deepEqual(acquireLock(process.pid, path), { acquired: true });
    assert.equal(lockHolder(path), process.pid);
  });
});

describe('restart backoff', () => {
  it('doubles up to the cap', () => {
    const policy = { initialMs: 1000, maxMs: 30_000, stableAfterMs: 60_000 };
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((attempt) => restartDelayMs(policy, attempt)), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});
