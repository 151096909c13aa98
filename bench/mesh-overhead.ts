/**
 * What the mesh costs: the same requests direct and through the sidecars, side by side.
 *
 *   HTTP      GET /internal/ping on a stand-in message app (127.0.0.1:<message appPort>),
 *             direct vs through media's sidecar (media outbound -> mTLS -> message inbound).
 *   Postgres  SELECT 1 and a 1 KiB row as auth's runtime role, direct over the unix socket
 *             vs through auth's sidecar (auth outbound -> mTLS -> postgres inbound -> socket).
 *
 * Per test: sequential latency p50/p99 after warm-up (direct and meshed interleaved in
 * blocks), then throughput at a fixed concurrency for a fixed time, with the CPU each party
 * used. Checked against the goals: under 0.5 ms added p50 per sidecar hop, and meshed
 * throughput at least 80% of direct. Loopback only; every loop is bounded. Run by hand with
 * the stack up and the message service stopped (its port is borrowed); not part of npm test:
 *
 *   node --import tsx bench/mesh-overhead.ts [--duration 10] [--concurrency 16]
 *     [--samples 5000] [--warmup 500] [--only http|postgres]
 */
import { readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { policy } from '../mesh/policy.ts';
import { isPortFree, portOwner } from '../mesh/src/launcher/port-check.ts';
import { readStackStatus } from '../mesh/src/launcher/status.ts';
import { startCpuWindow, processTree, type CpuReport } from './support/cpu.ts';
import { envoyCounter } from './support/envoy-stats.ts';
import { httpGet, keepAliveAgent, startPingServer, type PingServer } from './support/http-target.ts';
import { measureLatency, measureThroughput, type LatencySummary, type Operation, type ThroughputResult } from './support/measure.ts';
import { closeAll, connectAuthRuntime, directEndpoint, meshedEndpoint } from './support/pg-target.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    samples: { type: 'string', default: '5000' },
    warmup: { type: 'string', default: '500' },
    only: { type: 'string' },
  },
});
const durationSeconds = Number(args.duration);
const concurrency = Number(args.concurrency);
const samples = Number(args.samples);
const warmup = Number(args.warmup);
const bounded = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
if (!bounded(durationSeconds, 1, 300) || !bounded(concurrency, 1, 64) || !bounded(samples, 100, 100_000) || !bounded(warmup, 0, 100_000)) {
  fail('--duration 1..300 (s), --concurrency 1..64, --samples 100..100000 and --warmup 0..100000 must be integers');
}
if (args.only !== undefined && args.only !== 'http' && args.only !== 'postgres') fail('--only takes http or postgres');
const runHttp = args.only !== 'postgres';
const runPostgres = args.only !== 'http';

const goals = { addedP50PerHopMs: 0.5, throughputRatio: 0.8 };
const latencyBlock = 250;
const throughputWarmupMs = 1000;
const limits = { maxOps: 10_000_000, maxErrors: 100 };

function fail(message: string): never {
  process.stderr.write(`mesh-overhead: ${message}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Preconditions: the stack is up, the sidecars involved are running, the borrowed port is free.

const status = readStackStatus();
if (!status || status.state !== 'ready') fail('the stack is not ready (`npm run status`); start it with `npm start` first');
function sidecarPid(workload: string): number {
  const entry = status!.processes.find((candidate) => candidate.name === `sidecar-${workload}`);
  if (!entry?.pid || entry.state !== 'ready') fail(`sidecar-${workload} is not running (state ${entry?.state ?? 'unknown'})`);
  return entry.pid;
}
function envoyConcurrency(pid: number): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = argv.indexOf('--concurrency');
    return at >= 0 ? argv[at + 1]! : 'default (one worker per core)';
  } catch {
    return 'unknown';
  }
}

const media = policy.workload('media');
const message = policy.workload('message');
const auth = policy.workload('auth');
const postgres = policy.workload('postgres');
if (message.kind !== 'service') fail('message is not a service in mesh/policy.ts');
const messageAppPort = message.appPort;
const httpMeshedPort = policy.outboundPort(media, message);
const pgMeshedPort = policy.outboundPort(auth, postgres);
const sidecars = {
  media: runHttp ? sidecarPid('media') : 0,
  message: runHttp ? sidecarPid('message') : 0,
  auth: runPostgres ? sidecarPid('auth') : 0,
  postgres: runPostgres ? sidecarPid('postgres') : 0,
};
const postgresPid = runPostgres ? status.processes.find((entry) => entry.name === 'postgres')?.pid : undefined;
if (runPostgres && !postgresPid) fail('postgres is not running');

if (runHttp && !(await isPortFree(messageAppPort))) {
  const owner = portOwner(messageAppPort);
  fail(
    `port ${messageAppPort} (message's app port, where message's sidecar forwards) is already in use` +
      `${owner ? ` by ${owner}` : ''}. The HTTP test puts its own stand-in server there: stop whatever holds ` +
      `the port (the message service?) and run again, or run only the Postgres part with --only postgres.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Measurement of one test: latency (interleaved) then throughput, direct then meshed.

interface PathResult {
  latency: LatencySummary;
  throughput: ThroughputResult;
  cpu: CpuReport;
}
interface TestResult {
  name: string;
  hops: number;
  direct: PathResult;
  meshed: PathResult;
  /** Sidecar-to-sidecar connections the caller's Envoy opened during the timed meshed run (0 = all warm). */
  newMeshConnections: number;
}
interface Workers {
  /** One operation per concurrent worker, each on its own connection. */
  ops: Operation[];
  close(): Promise<void>;
}
interface PathSetup {
  /** One connection, for sequential latency. */
  single: Operation;
  /** Opened only for this path's throughput run and closed after, so the two paths never hold connections at once. */
  openWorkers(): Promise<Workers>;
}

/** Warm-up (opens every worker's connection), then the timed run, with CPU and optionally a connection counter around it. */
async function throughputWithCpu(
  path: PathSetup,
  cpuGroups: Record<string, () => number[]>,
  connections?: () => Promise<number>,
): Promise<{ throughput: ThroughputResult; cpu: CpuReport; newConnections?: number }> {
  const workers = await path.openWorkers();
  try {
    const warm = await measureThroughput(workers.ops, { concurrency, durationMs: throughputWarmupMs, ...limits });
    if (warm.errors > 0) throw new Error(`throughput warm-up failed: ${warm.firstError}`);
    const before = await connections?.();
    const stop = startCpuWindow(cpuGroups);
    const throughput = await measureThroughput(workers.ops, { concurrency, durationMs: durationSeconds * 1000, ...limits });
    const cpu = stop();
    const after = await connections?.();
    return { throughput, cpu, ...(before === undefined || after === undefined ? {} : { newConnections: after - before }) };
  } finally {
    await workers.close();
  }
}

async function runTest(
  name: string,
  hops: number,
  direct: PathSetup,
  meshed: PathSetup,
  cpuGroups: { direct: Record<string, () => number[]>; meshed: Record<string, () => number[]> },
  meshConnections: () => Promise<number>,
): Promise<TestResult> {
  progress(`${name}: latency, ${warmup} warm-up + ${samples} sequential per path`);
  const latency = await measureLatency({ direct: direct.single, meshed: meshed.single }, { warmup, samples, block: latencyBlock });
  progress(`${name}: throughput direct, ${concurrency} in flight for ${durationSeconds} s`);
  const directRun = await throughputWithCpu(direct, cpuGroups.direct);
  await sleep(500);
  progress(`${name}: throughput meshed, ${concurrency} in flight for ${durationSeconds} s`);
  const meshedRun = await throughputWithCpu(meshed, cpuGroups.meshed, meshConnections);
  await sleep(500);
  return {
    name,
    hops,
    direct: { latency: latency.direct!, ...directRun },
    meshed: { latency: latency.meshed!, ...meshedRun },
    newMeshConnections: meshedRun.newConnections ?? 0,
  };
}

function progress(line: string): void {
  process.stderr.write(`  .. ${line}\n`);
}

/** Busy share of all cores over a short quiet window, before any load: what else runs here. */
async function backgroundBusy(): Promise<number> {
  const stop = startCpuWindow({});
  await sleep(2000);
  return stop().machineBusy;
}

const self = () => [process.pid];
const results: TestResult[] = [];
/** A test that could not finish; the others still report. */
const problems: string[] = [];
const background = await backgroundBusy();

// ---------------------------------------------------------------------------------------------
// HTTP: stand-in message app, direct vs media's sidecar -> message's sidecar.

if (runHttp) {
  const path = '/internal/ping';
  let server: PingServer | undefined;
  const agents: Agent[] = [];
  const onSignal = () => {
    server?.stop();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  try {
    server = await startPingServer(messageAppPort);
    const target = server;
    const setup = (port: number): PathSetup => {
      const single = keepAliveAgent(1);
      const pool = keepAliveAgent(concurrency);
      agents.push(single, pool);
      return {
        single: () => httpGet(single, port, path),
        openWorkers: async () => ({ ops: Array.from({ length: concurrency }, () => () => httpGet(pool, port, path)), close: async () => pool.destroy() }),
      };
    };
    const meshConnections = () => envoyCounter(policy.adminPort(media), 'cluster.to_message.upstream_cx_total');
    const direct = setup(messageAppPort);
    const meshed = setup(httpMeshedPort);
    const expected = await direct.single();
    const viaMesh = await meshed.single().catch((error: Error) => {
      throw new Error(`the meshed path (media's sidecar, 127.0.0.1:${httpMeshedPort}${path}) failed: ${error.message}`);
    });
    if (viaMesh !== expected) throw new Error(`the meshed path answered something other than the stand-in server: ${String(viaMesh).slice(0, 200)}`);
    results.push(
      await runTest(`HTTP GET ${path}`, 2, direct, meshed, {
        direct: { 'load gen': self, target: () => [target.pid] },
        meshed: { 'load gen': self, target: () => [target.pid], 'caller envoy': () => [sidecars.media], 'target envoy': () => [sidecars.message] },
      }, meshConnections),
    );
  } catch (error) {
    problems.push(`HTTP test: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    for (const agent of agents) agent.destroy();
    server?.stop();
    process.removeListener('SIGINT', onSignal);
  }
}

// ---------------------------------------------------------------------------------------------
// Postgres: auth's runtime role, unix socket vs auth's sidecar -> postgres's sidecar -> socket.

if (runPostgres) {
  const directAt = directEndpoint();
  const meshedAt = meshedEndpoint(pgMeshedPort);
  const clients = { direct: [] as Awaited<ReturnType<typeof connectAuthRuntime>>, meshed: [] as Awaited<ReturnType<typeof connectAuthRuntime>> };
  try {
    clients.direct = await connectAuthRuntime(directAt, 1);
    clients.meshed = await connectAuthRuntime(meshedAt, 1);
    const postgresTree = () => processTree(postgresPid!);
    const meshConnections = () => envoyCounter(policy.adminPort(auth), 'cluster.to_postgres.upstream_cx_total');
    const queries = [
      { name: 'Postgres SELECT 1', sql: 'SELECT 1 AS one', check: (row: Record<string, unknown>) => row.one === 1 },
      {
        name: 'Postgres 1 KiB row',
        sql: "SELECT repeat('x', 1024) AS payload",
        check: (row: Record<string, unknown>) => typeof row.payload === 'string' && row.payload.length === 1024,
      },
    ];
    for (const query of queries) {
      const setup = (single: (typeof clients.direct)[number], endpoint: typeof directAt): PathSetup => ({
        single: () => single.query(query.sql),
        openWorkers: async () => {
          const pool = await connectAuthRuntime(endpoint, concurrency);
          return { ops: pool.map((client) => () => client.query(query.sql)), close: () => closeAll(pool) };
        },
      });
      for (const [label, pool] of Object.entries(clients)) {
        const { rows } = await pool[0]!.query(query.sql);
        if (rows.length !== 1 || !query.check(rows[0] as Record<string, unknown>)) throw new Error(`${query.name} (${label}) returned an unexpected row`);
      }
      results.push(
        await runTest(query.name, 2, setup(clients.direct[0]!, directAt), setup(clients.meshed[0]!, meshedAt), {
          direct: { 'load gen': self, target: postgresTree },
          meshed: { 'load gen': self, target: postgresTree, 'caller envoy': () => [sidecars.auth], 'target envoy': () => [sidecars.postgres] },
        }, meshConnections),
      );
    }
  } catch (error) {
    problems.push(`Postgres test: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await closeAll([...clients.direct, ...clients.meshed]);
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

const ms = (value: number) => value.toFixed(3).padStart(8);
const cpuGroups = ['load gen', 'target', 'caller envoy', 'target envoy'];
const cores = (report: CpuReport) =>
  cpuGroups.map((group) => (report.cores[group] === undefined ? '-' : report.cores[group]!.toFixed(2)).padStart(5)).join(' ') +
  ` ${`${(report.machineBusy * 100).toFixed(0)}%`.padStart(5)}`;
/** CPU time per operation, summed over the parties measured: the mesh's cost independent of core count. */
const cpuPerOp = (path: PathResult) =>
  ((Object.values(path.cpu.cores).reduce((sum, value) => sum + value, 0) / path.throughput.opsPerSecond) * 1e6).toFixed(0).padStart(6);
const nameWidth = Math.max(4, ...results.map((result) => result.name.length));
const out: string[] = [];
const envoyFlags = Object.entries(sidecars)
  .filter(([, pid]) => pid)
  .map(([name, pid]) => `${name} ${envoyConcurrency(pid)}`)
  .join(', ');
out.push(
  `Mesh overhead, loopback, ${availableParallelism()} CPUs shared by the load generator, the target and the Envoys (node ${process.version})`,
  `Envoy --concurrency as running: ${envoyFlags}; machine busy before the run (other processes): ${(background * 100).toFixed(0)}%`,
  ...(background > 0.2
    ? [`WARNING: something else kept the machine ${(background * 100).toFixed(0)}% busy before the run; these figures are unreliable, rerun when it is quiet`]
    : []),
  `latency: sequential, ${warmup} warm-up then ${samples} per path, direct/meshed interleaved in blocks of ${latencyBlock}`,
  `throughput: ${concurrency} in flight (one keep-alive connection each) for ${durationSeconds} s per path after ${throughputWarmupMs / 1000} s warm-up`,
  `HTTP meshed: 127.0.0.1:${httpMeshedPort} (media outbound) -> :${policy.inboundPort(message)} (message inbound, mTLS) -> :${messageAppPort}`,
  `Postgres meshed: 127.0.0.1:${pgMeshedPort} (auth outbound) -> :${policy.inboundPort(postgres)} (postgres inbound, mTLS) -> unix socket; direct: the socket`,
  '',
  `${''.padEnd(nameWidth)} ${''.padEnd(6)} ${'latency'.padStart(17)} ${'throughput'.padStart(16)}  ${'cpu cores during the throughput run'.padStart(35)}`,
  `${'test'.padEnd(nameWidth)} ${'path'.padEnd(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'ops/s'.padStart(8)} ${'µs/op'.padStart(6)}  ` +
    `${'gen'.padStart(5)} ${'tgt'.padStart(5)} ${'c-env'.padStart(5)} ${'t-env'.padStart(5)} ${'all'.padStart(5)}`,
);
for (const result of results) {
  for (const label of ['direct', 'meshed'] as const) {
    const path = result[label];
    const errors = path.throughput.errors ? `  ${path.throughput.errors} errors, first: ${path.throughput.firstError}` : '';
    out.push(
      `${(label === 'direct' ? result.name : '').padEnd(nameWidth)} ${label.padEnd(6)} ${ms(path.latency.p50)} ${ms(path.latency.p99)} ` +
        `${path.throughput.opsPerSecond.toFixed(0).padStart(8)} ${cpuPerOp(path)}  ${cores(path.cpu)}${errors}`,
    );
  }
}
out.push(
  '',
  `${'test'.padEnd(nameWidth)} ${'added p50/hop'.padStart(14)}  ${`goal < ${goals.addedP50PerHopMs} ms`.padEnd(14)} ` +
    `${'meshed/direct ops/s'.padStart(19)}  ${`goal >= ${goals.throughputRatio * 100}%`.padEnd(12)} new mTLS cx`,
);
for (const result of results) {
  const perHop = (result.meshed.latency.p50 - result.direct.latency.p50) / result.hops;
  const ratio = result.meshed.throughput.opsPerSecond / result.direct.throughput.opsPerSecond;
  const latencyOk = perHop < goals.addedP50PerHopMs;
  const throughputOk = ratio >= goals.throughputRatio && result.meshed.throughput.errors === 0 && result.direct.throughput.errors === 0;
  out.push(
    `${result.name.padEnd(nameWidth)} ${`${perHop.toFixed(3)} ms`.padStart(14)}  ${(latencyOk ? 'met' : 'MISSED').padEnd(14)} ` +
      `${`${(ratio * 100).toFixed(0)}%`.padStart(19)}  ${(throughputOk ? 'met' : 'MISSED').padEnd(12)} ${String(result.newMeshConnections).padStart(11)}`,
  );
}
out.push(
  '',
  `added p50/hop = (meshed p50 - direct p50) / ${results[0]?.hops ?? 2} sidecar hops (caller's outbound, target's inbound).`,
  'cpu: cores used on average during the timed throughput run by the load generator (this process), the target (stand-in',
  'server / Postgres and its backends), the caller\'s and the target\'s Envoy; all = the whole machine busy; µs/op = CPU time',
  'per operation summed over the parties measured (core-count independent). new mTLS cx = sidecar-to-sidecar connections',
  'the caller\'s Envoy opened during the timed meshed run (0: every request rode an already-open mTLS connection).',
  `On ${availableParallelism()} cores the meshed throughput run has the load generator, the target and two Envoys competing for CPU,`,
  'while the direct run has only the first two: the ratio includes the Envoys\' CPU, not only their added latency.',
  'Postgres direct is the unix socket (what Postgres\'s own sidecar uses); meshed adds loopback TCP + TLS on top of the two hops.',
  `command: node --import tsx bench/mesh-overhead.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
);
for (const problem of problems) out.push(`NOT MEASURED: ${problem}`);
process.stdout.write(`${out.join('\n')}\n`);
process.exitCode = problems.length ? 1 : 0;
