import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { isAlive, lockHolder } from '../../mesh/src/launcher/lock.ts';
import { isPortFree } from '../../mesh/src/launcher/port-check.ts';
import { policy } from '../../mesh/policy.ts';
import { operatorSocketPath } from '../../mesh/src/launcher/operator-sockets.ts';
import { loopback } from '../../mesh/src/launcher/ports.ts';
import { readStackStatus } from '../../mesh/src/launcher/status.ts';
import { withPostgres, withRedis } from '../support/clients.ts';
import { runCli } from '../support/launcher.ts';
import { unixConnect } from '../support/unix-connect.ts';
import { credentials, uniqueName } from '../support/stack.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('launcher guards', { timeout: 900_000 }, () => {
  it('status lists every process with its ports and health', async () => {
    const result = await runCli('status');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    // No store has a TCP port on the host any more: each says where it listens instead.
    const listening = { postgres: 'unix socket only', redis: 'unix socket only', kafka: 'own network namespace', cassandra: 'own network namespace', minio: 'own network namespace', jaeger: 'own network namespace', 'netns-kafka': 'nothing: it holds the namespace', 'sidecar-kafka': "store's namespace, unix sockets" };
    for (const [name, where] of Object.entries(listening)) {
      assert.match(result.stdout, new RegExp(`^\\s+${name}\\s+\\d+\\s+${where}\\s+ready\\s+healthy`, 'm'), `${name} row`);
    }
    for (const name of ['sidecar-auth', 'edge']) {
      assert.match(result.stdout, new RegExp(`^\\s+${name}\\s+\\d+\\s+[\\d,]+\\s+ready\\s+healthy`, 'm'), `${name} row`);
    }
    assert.match(result.stdout, /logs in state\/logs/);
  });

  it('a second start while running reports it and starts nothing new', async () => {
    const before = lockHolder();
    const result = await runCli('start');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /already running/);
    assert.equal(lockHolder(), before);
  });

  it('a crashed store is restarted by the supervisor with its data', async () => {
    const creds = credentials();
    const key = `message:${uniqueName('crash')}`;
    await withRedis(creds.redis.services.message, 'message', (client) => client.set(key, 'kept'));
    await sleep(1500); // one append-only fsync interval
    const redisBefore = readStackStatus()?.processes.find((entry) => entry.name === 'redis');
    assert.ok(redisBefore?.pid);
    process.kill(redisBefore.pid, 'SIGKILL');

    let redisAfter = redisBefore;
    for (let attempt = 0; attempt < 120; attempt += 1) {
      await sleep(500);
      redisAfter = readStackStatus()?.processes.find((entry) => entry.name === 'redis') ?? redisBefore;
      if (redisAfter.state === 'ready' && redisAfter.pid !== redisBefore.pid) break;
    }
    assert.equal(redisAfter.state, 'ready');
    assert.notEqual(redisAfter.pid, redisBefore.pid);
    assert.equal(redisAfter.restarts, redisBefore.restarts + 1);
    assert.equal(await withRedis(creds.redis.services.message, 'message', (client) => client.get(key)), 'kept');
  });

  it('a port already in use stops the start with a clear message and leaves nothing running', async () => {
    const stopped = await runCli('stop');
    assert.equal(stopped.code, 0);
    // The port media's sidecar uses for MinIO: stores themselves have no port on the host.
    const squatted = policy.outboundPort(policy.workload('media'), policy.workload('minio'));
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(squatted, loopback, resolve));
    try {
      const result = await runCli('start');
      assert.equal(result.code, 1);
      assert.match(result.stderr, new RegExp(`port ${squatted}, needed by sidecar-media, is already in use`));
      const holder = lockHolder();
      assert.ok(holder === undefined || !isAlive(holder), 'no launcher is left holding the lock');
      for (const port of [policy.inboundPort(policy.workload('postgres')), policy.adminPort(policy.workload('auth'))]) {
        assert.ok(await isPortFree(port), `nothing listens on ${port}`);
      }
      for (const store of ['kafka', 'cassandra', 'minio', 'jaeger']) {
        assert.equal(await unixConnect(operatorSocketPath(store)), 'refused', `nothing serves ${store}'s operator socket`);
      }
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('two starts at once run one stack; the other start says so', async () => {
    const [first, second] = await Promise.all([runCli('start'), sleep(300).then(() => runCli('start'))]);
    const outcomes = [first, second];
    const winners = outcomes.filter((result) => /Lynk is ready/.test(result.stdout));
    assert.equal(winners.length, 1, outcomes.map((result) => result.stdout + result.stderr).join('\n---\n'));
    const loser = outcomes.find((result) => result !== winners[0])!;
    assert.match(loser.stdout + loser.stderr, /already starting or stopping|already running/);
    const status = readStackStatus();
    assert.equal(status?.state, 'ready');
    assert.equal(lockHolder(), status?.supervisorPid);
    const answer = await withPostgres(credentials().postgres.runtimes.auth, 'auth', 'auth', (client) => client.query('SELECT 1 AS one'));
    assert.equal(answer.rows[0].one, 1);
  });
});
