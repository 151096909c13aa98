/** `npm start`, `npm stop`, `npm run status`, `npm run tools`: the native launcher's front end. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { readCredentials } from './launcher/credentials.ts';
import { acquireLock, handOverLock, isAlive, lockHolder, releaseLock } from './launcher/lock.ts';
import { killOrphans } from './launcher/orphans.ts';
import { isPortFree, portOwner } from './launcher/port-check.ts';
import { readStackStatus, type StackStatus } from './launcher/status.ts';
import { storeContext } from './launcher/store-context.ts';
import { repoRoot, statePaths } from './paths.ts';
import { envoyStatsSummary, envoyWorkloadOf } from './operator/envoy-stats-summary.ts';
import { tracesReport } from './operator/traces-report.ts';
import { authRuntimeEnvironment } from './services/auth-service.ts';
import { dataLayer } from './stores/data-layer.ts';
import { ensureTools, type InstalledTools } from './tools/bootstrap.ts';
import { MissingPrerequisiteError } from './tools/prerequisites.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (message: string) => process.stdout.write(`${message}\n`);
const startTimeoutMs = 10 * 60_000;
const stopTimeoutMs = 3 * 60_000;

class LauncherError extends Error {}

function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}

function tail(path: string, lines: number): string {
  if (!existsSync(path)) return '(no log)';
  return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

async function checkPortsFree(): Promise<void> {
  for (const managed of dataLayer) {
    for (const port of managed.ports) {
      if (!(await isPortFree(port))) {
        const owner = portOwner(port);
        throw new LauncherError(
          `port ${port}, needed by ${managed.name}, is already in use${owner ? ` by ${owner}` : ''}; stop that process and run npm start again`,
        );
      }
    }
  }
}

function describeFailure(status: StackStatus | undefined): string {
  const lines = [`Lynk failed to start: ${status?.error ?? 'the supervisor exited'}`];
  for (const entry of status?.processes ?? []) {
    if (entry.state === 'failed' || entry.lastError) {
      lines.push(`\n${entry.name}: ${entry.lastError ?? entry.state}. Last lines of ${shown(entry.log)}:`, tail(entry.log, 15));
    }
  }
  lines.push(`\nlauncher log: ${shown(statePaths.log('launcher'))}. No process was left running.`);
  return lines.join('\n');
}

async function followStart(supervisorPid: number): Promise<void> {
  const seen = new Map<string, string>();
  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    const status = readStackStatus();
    for (const entry of status?.processes ?? []) {
      const line = `${entry.state}${entry.lastError && entry.state !== 'ready' ? ` (${entry.lastError})` : ''}`;
      if (seen.get(entry.name) !== line) {
        seen.set(entry.name, line);
        say(`  ${entry.name.padEnd(22)} ${line}`);
      }
    }
    if (status?.supervisorPid === supervisorPid && status.state === 'ready') return;
    if (status?.state === 'failed' || !isAlive(supervisorPid)) {
      // Let the supervisor finish stopping what it started before reporting.
      while (isAlive(supervisorPid) && Date.now() < deadline) await sleep(200);
      throw new LauncherError(describeFailure(readStackStatus()));
    }
    await sleep(500);
  }
  throw new LauncherError(`Lynk did not become ready within ${startTimeoutMs / 60_000} minutes; see ${shown(statePaths.logs)}`);
}

async function start(): Promise<void> {
  const begun = Date.now();
  await ensureTools();
  mkdirSync(statePaths.run, { recursive: true });
  mkdirSync(statePaths.logs, { recursive: true });
  const lock = acquireLock(process.pid);
  if (!lock.acquired) {
    const status = readStackStatus();
    if (status?.supervisorPid === lock.holder && status.state === 'ready') {
      say('Lynk is already running.');
      await printStatus();
      return;
    }
    throw new LauncherError(`Lynk is already starting or stopping (launcher pid ${lock.holder}); wait for it to finish, or run npm stop`);
  }
  let supervisorPid: number;
  try {
    await killOrphans(readStackStatus(), say);
    await checkPortsFree();
    rmSync(statePaths.status, { force: true });
    const logFd = openSync(statePaths.log('launcher'), 'a');
    const supervisor = spawn(process.execPath, ['--import', 'tsx', 'mesh/src/launcher/supervisor-main.ts'], {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', logFd, logFd],
    });
    if (!supervisor.pid) throw new LauncherError('could not start the supervisor');
    supervisorPid = supervisor.pid;
    handOverLock(supervisorPid);
    supervisor.unref();
  } catch (error) {
    releaseLock();
    throw error;
  }
  say(`Starting Lynk (supervisor pid ${supervisorPid}); logs in ${shown(statePaths.logs)}/`);
  await followStart(supervisorPid);
  say(`Lynk is ready in ${((Date.now() - begun) / 1000).toFixed(1)}s.`);
  await printStatus();
}

async function stop(): Promise<void> {
  const holder = lockHolder();
  if (holder === undefined || !isAlive(holder)) {
    await killOrphans(readStackStatus(), say);
    releaseLock();
    say('Lynk is not running.');
    return;
  }
  say(`Stopping Lynk (supervisor pid ${holder})...`);
  process.kill(holder, 'SIGTERM');
  const deadline = Date.now() + stopTimeoutMs;
  while (isAlive(holder) && Date.now() < deadline) await sleep(250);
  if (isAlive(holder)) {
    say('The supervisor did not stop in time; killing it and what it started.');
    process.kill(holder, 'SIGKILL');
    await killOrphans(readStackStatus(), say);
    releaseLock();
  }
  say('Lynk stopped. Data is kept in state/.');
}

const probeTimeoutMs = 5000;

async function health(name: string, tools: InstalledTools): Promise<string> {
  const managed = dataLayer.find((entry) => entry.name === name);
  if (!managed || !existsSync(statePaths.credentials)) return 'unknown';
  const context = storeContext(managed, tools, readCredentials(), () => {});
  try {
    await Promise.race([managed.probe(context), sleep(probeTimeoutMs).then(() => Promise.reject(new Error('probe timed out')))]);
    return 'healthy';
  } catch (error) {
    return `unhealthy: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** A short traffic line: Envoy admin stats for the edge and sidecars. */
async function traffic(name: string): Promise<string> {
  const workload = envoyWorkloadOf(name);
  if (!workload) return '';
  try {
    return await envoyStatsSummary(workload);
  } catch (error) {
    return `stats unavailable: ${(error as Error).message}`;
  }
}

async function printStatus(): Promise<boolean> {
  const holder = lockHolder();
  const status = readStackStatus();
  if (holder === undefined || !isAlive(holder) || !status) {
    say('Lynk is not running.');
    return false;
  }
  say(`Lynk: ${status.state} (supervisor pid ${status.supervisorPid}); logs in ${shown(statePaths.logs)}/`);
  say(`  ${'process'.padEnd(22)} ${'pid'.padEnd(8)} ${'ports'.padEnd(32)} ${'state'.padEnd(12)} ${'health'.padEnd(10)} traffic`);
  const tools = await ensureTools(undefined, { quiet: true });
  const healths = await Promise.all(status.processes.map((entry) => health(entry.name, tools)));
  const traffics = await Promise.all(status.processes.map((entry) => traffic(entry.name)));
  status.processes.forEach((entry, index) => {
    say(`  ${entry.name.padEnd(22)} ${String(entry.pid ?? '-').padEnd(8)} ${(entry.ports.join(',') || entry.listens || '-').padEnd(32)} ${entry.state.padEnd(12)} ${healths[index]!.padEnd(10)} ${traffics[index]}`);
  });
  return status.state === 'ready' && healths.every((entry) => entry === 'healthy');
}

/** Runs auth's key rotation with auth's own runtime login, through auth's sidecar. */
/** `rotate-auth-keys [--now]`: --now skips pre-publication, for a leaked key. */
function rotateAuthKeys(flags: string[]): number {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'services/auth/src/rotate-keys.ts', ...flags.filter((flag) => flag === '--now')], {
    cwd: repoRoot,
    env: { ...process.env, ...authRuntimeEnvironment(readCredentials()) },
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'start':
      await start();
      return 0;
    case 'stop':
      await stop();
      return 0;
    case 'status':
      return (await printStatus()) ? 0 : 1;
    case 'tools':
      await ensureTools();
      return 0;
    case 'rotate-auth-keys':
      return rotateAuthKeys(process.argv.slice(3));
    case 'traces':
      say(await tracesReport(process.argv[3], Number(process.argv[4] ?? 10)));
      return 0;
    default:
      say('usage: cli.ts start|stop|status|tools|traces [service] [limit]|rotate-auth-keys [--now]');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof LauncherError || error instanceof MissingPrerequisiteError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`launcher bug: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
