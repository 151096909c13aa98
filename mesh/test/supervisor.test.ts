import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isAlive } from '../src/launcher/lock.ts';
import { isPortFree } from '../src/launcher/port-check.ts';
import type { StackStatus } from '../src/launcher/status.ts';
import { Supervisor } from '../src/launcher/supervisor.ts';
import { fakeContext, fakeStore } from './fixtures/fake-process.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fastBackoff = { initialMs: 50, maxMs: 400, stableAfterMs: 60_000 };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function supervise(processes: ConstructorParameters<typeof Supervisor>[0]) {
  const context = fakeContext();
  const statuses: StackStatus[] = [];
  const supervisor = new Supervisor(processes, {
    contextFor: () => context,
    logPathFor: (name) => join(context.dataDir, `${name}.log`),
    backoff: fastBackoff,
    onStatus: (status) => statuses.push(status),
  });
  return { supervisor, statuses, latest: () => statuses.at(-1)! };
}

describe('supervisor', () => {
  it('starts, probes and provisions every process, then stops them all', async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const storeA = fakeStore('alpha', portA);
    const storeB = fakeStore('beta', portB);
    const { supervisor, latest } = supervise([storeA, storeB]);
    await supervisor.start();
    assert.equal(latest().state, 'ready');
    assert.deepEqual(latest().processes.map((entry) => entry.state), ['ready', 'ready']);
    assert.equal(storeA.provisioned, 1);
    const pids = latest().processes.map((entry) => entry.pid!);
    await supervisor.stop();
    assert.equal(latest().state, 'stopped');
    for (const pid of pids) assert.equal(isAlive(pid), false);
    assert.ok(await isPortFree(portA));
  });

  it('restarts a crashed process with backoff and counts the restart', async () => {
    const port = await freePort();
    const { supervisor, latest } = supervise([fakeStore('crashy', port)]);
    await supervisor.start();
    const firstPid = latest().processes[0]!.pid!;
    process.kill(firstPid, 'SIGKILL');
    let entry = latest().processes[0]!;
    for (let attempt = 0; attempt < 100 && !(entry.state === 'ready' && entry.pid !== firstPid); attempt += 1) {
      await sleep(100);
      entry = latest().processes[0]!;
    }
    assert.equal(entry.state, 'ready');
    assert.notEqual(entry.pid, firstPid);
    assert.equal(entry.restarts, 1);
    const response = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(response.status, 200);
    await supervisor.stop();
  });

  it('a process that keeps dying at start fails the start, names it, and leaves nothing running', async () => {
    const goodPort = await freePort();
    const good = fakeStore('good', goodPort, { startTimeoutMs: 10_000 });
    const broken = fakeStore('broken', await freePort(), {
      command: () => ({ command: process.execPath, args: ['-e', 'process.exit(3)'] }),
    });
    const { supervisor, latest } = supervise([good, broken]);
    await assert.rejects(supervisor.start(), /broken exited during start \(exit 3\)/);
    assert.equal(latest().state, 'failed');
    const brokenStatus = latest().processes.find((entry) => entry.name === 'broken')!;
    assert.equal(brokenStatus.state, 'failed');
    assert.equal(brokenStatus.restarts, 2, 'retried before giving up');
    assert.ok(await isPortFree(goodPort), 'the healthy process was stopped too');
  });

  it('a process that never becomes ready times out and is killed', async () => {
    const port = await freePort();
    const { supervisor, latest } = supervise([
      fakeStore('silent', port, { startTimeoutMs: 600, probe: async () => Promise.reject(new Error('not accepting logins')) }),
    ]);
    await assert.rejects(supervisor.start(), /silent was not ready within 0.6s \(last probe: not accepting logins\)/);
    assert.equal(latest().state, 'failed');
    assert.ok(await isPortFree(port));
  });
});

describe('supervisor start order', () => {
  it('prepares a dependent only after its dependency is ready', async () => {
    const events: string[] = [];
    const base = fakeStore('base', await freePort(), {
      provision: async () => {
        await sleep(200);
        events.push('base ready');
      },
    });
    const dependent = fakeStore('dependent', await freePort(), {
      dependsOn: ['base'],
      prepare: async () => {
        events.push('dependent preparing');
      },
    });
    const { supervisor } = supervise([base, dependent]);
    await supervisor.start();
    assert.deepEqual(events, ['base ready', 'dependent preparing']);
    await supervisor.stop();
  });

  it('does not start a dependent whose dependency failed', async () => {
    let prepared = false;
    const base = fakeStore('base', await freePort(), { command: () => ({ command: process.execPath, args: ['-e', 'process.exit(2)'] }) });
    const dependent = fakeStore('dependent', await freePort(), {
      dependsOn: ['base'],
      prepare: async () => {
        prepared = true;
      },
    });
    const { supervisor } = supervise([base, dependent]);
    await assert.rejects(supervisor.start(), /base exited during start/);
    assert.equal(prepared, false);
  });
});

describe('supervisor: processes that live inside another', () => {
  /** Waits until `name` runs a new pid and is ready. */
  async function readyAgain(latest: () => StackStatus, name: string, oldPid: number) {
    for (let attempt = 0; attempt < 150; attempt += 1) {
      const entry = latest().processes.find((process) => process.name === name)!;
      if (entry.state === 'ready' && entry.pid !== oldPid) return entry;
      await sleep(100);
    }
    throw new Error(`${name} did not come back`);
  }

  it('restarts a resident when its home comes back after a crash, and leaves the others alone', async () => {
    const home = fakeStore('home', await freePort());
    const resident = fakeStore('resident', await freePort(), { dependsOn: ['home'], restartsWith: ['home'] });
    const neighbour = fakeStore('neighbour', await freePort(), { dependsOn: ['home'] });
    const { supervisor, latest } = supervise([home, resident, neighbour]);
    await supervisor.start();
    const pidOf = (name: string) => latest().processes.find((process) => process.name === name)!.pid!;
    const [homePid, residentPid, neighbourPid] = [pidOf('home'), pidOf('resident'), pidOf('neighbour')];

    process.kill(homePid, 'SIGKILL');
    await readyAgain(latest, 'home', homePid);
    const resident2 = await readyAgain(latest, 'resident', residentPid);

    assert.equal(resident2.restarts, 1);
    assert.equal(isAlive(residentPid), false, 'the resident was restarted, not duplicated');
    assert.equal(pidOf('neighbour'), neighbourPid, 'a plain dependent keeps running');
    await supervisor.stop();
  });
});
