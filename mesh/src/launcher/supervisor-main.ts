/**
 * The detached supervisor started by `npm start`. It owns every store process, writes
 * state/run/status.json, and stops everything on SIGTERM (`npm stop`).
 */
import { mkdirSync } from 'node:fs';
import { statePaths } from '../paths.ts';
import { dataLayer } from '../stores/data-layer.ts';
import { ensureTools } from '../tools/bootstrap.ts';
import { loadOrCreateCredentials } from './credentials.ts';
import { handOverLock, releaseLock } from './lock.ts';
import { raiseOpenFileLimit } from './open-file-limit.ts';
import { writeStackStatus } from './status.ts';
import { storeContext } from './store-context.ts';
import { Supervisor } from './supervisor.ts';

const log = (message: string) => process.stdout.write(`[supervisor ${new Date().toISOString()}] ${message}\n`);

async function main(): Promise<void> {
  mkdirSync(statePaths.run, { recursive: true });
  handOverLock(process.pid);
  log(`open files per process: ${raiseOpenFileLimit()}`);
  const tools = await ensureTools();
  const credentials = loadOrCreateCredentials();
  const supervisor = new Supervisor(dataLayer, {
    contextFor: (managed) => storeContext(managed, tools, credentials, log),
    onStatus: (status) => writeStackStatus(status),
  });

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log(`${signal}: stopping all processes`);
    await supervisor.stop();
    log('all processes stopped');
    releaseLock();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
  process.on('uncaughtException', (error) => {
    log(`bug in the supervisor: ${error.stack ?? error.message}`);
    void shutdown('uncaughtException');
  });

  try {
    await supervisor.start();
    log('all processes ready');
  } catch (error) {
    log(`start failed: ${(error as Error).message}`);
    releaseLock();
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  log(`supervisor could not start: ${(error as Error).stack ?? String(error)}`);
  writeStackStatus({ supervisorPid: process.pid, state: 'failed', updatedAt: new Date().toISOString(), processes: [], error: (error as Error).message });
  releaseLock();
  process.exit(1);
});
