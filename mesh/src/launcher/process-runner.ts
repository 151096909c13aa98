import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { restartDelayMs, type BackoffPolicy } from './backoff.ts';
import { lookupLocalUser } from './local-user.ts';
import type { LaunchCommand, ManagedProcess, StoreContext } from './managed-process.ts';
import type { ProcessState, ProcessStatus } from './status.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const probeIntervalMs = 500;
const stopTimeoutMs = 60_000;
/** Crashes tolerated while first coming up before the start counts as failed. */
const maxStartAttempts = 3;

/** Runs one managed process: start, readiness, provisioning, restart with backoff, stop. */
export class ProcessRunner {
  private child?: ChildProcess;
  private launch?: LaunchCommand;
  private state: ProcessState = 'pending';
  private restarts = 0;
  private crashesInARow = 0;
  private lastError?: string;
  private stopping = false;
  private upSince = 0;
  private exitWaiters: Array<() => void> = [];

  constructor(
    private readonly process: ManagedProcess,
    private readonly context: StoreContext,
    private readonly logPath: string,
    private readonly backoff: BackoffPolicy,
    private readonly onChange: () => void,
    /** Called each time the process is ready again after a crash. */
    private readonly onRecovered: () => void = () => undefined,
  ) {}

  status(): ProcessStatus {
    return {
      name: this.process.name,
      pid: this.child?.pid,
      command: this.child ? (this.launch?.program ?? this.launch?.command) : undefined,
      ports: this.process.ports,
      ...(this.process.listens ? { listens: this.process.listens } : {}),
      state: this.state,
      restarts: this.restarts,
      log: this.logPath,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private setState(state: ProcessState, error?: string): void {
    this.state = state;
    if (error) this.lastError = error;
    this.onChange();
  }

  private appendLog(line: string): void {
    const fd = openSync(this.logPath, 'a');
    try {
      writeSync(fd, `--- [launcher ${new Date().toISOString()}] ${line}\n`);
    } finally {
      closeSync(fd);
    }
  }

  private spawnChild(): ChildProcess {
    const launch = this.process.command(this.context);
    this.launch = launch;
    const account = launch.runAsUser ? lookupLocalUser(launch.runAsUser) : undefined;
    this.appendLog(`starting: ${launch.command} ${launch.args.join(' ')}`);
    const logFd = openSync(this.logPath, 'a');
    const child = spawn(launch.command, launch.args, {
      cwd: launch.cwd ?? this.context.dataDir,
      env: { ...process.env, ...(account ? { HOME: account.home, USER: launch.runAsUser } : {}), ...launch.env },
      stdio: ['ignore', logFd, logFd],
      uid: account?.uid,
      gid: account?.gid,
    });
    closeSync(logFd);
    this.child = child;
    this.upSince = Date.now();
    child.on('error', (error) => this.appendLog(`spawn error: ${error.message}`));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    return child;
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    const how = signal ? `signal ${signal}` : `exit ${code}`;
    this.appendLog(`exited (${how})`);
    for (const waiter of this.exitWaiters.splice(0)) waiter();
    if (this.stopping) {
      this.setState('stopped');
      return;
    }
    if (this.state === 'ready') void this.restartAfterCrash(how);
    else this.lastError = `exited during start (${how})`;
  }

  /** Crash after being ready: restart forever with exponential backoff, reset once stable. */
  private async restartAfterCrash(how: string): Promise<void> {
    if (Date.now() - this.upSince >= this.backoff.stableAfterMs) this.crashesInARow = 0;
    this.crashesInARow += 1;
    const delay = restartDelayMs(this.backoff, this.crashesInARow);
    this.setState('restarting', `crashed (${how}); restarting in ${delay} ms`);
    await sleep(delay);
    if (this.stopping) return;
    this.restarts += 1;
    try {
      await this.bringUp();
      this.setState('ready');
      this.onRecovered();
    } catch (error) {
      if (this.stopping) return;
      this.setState('restarting', (error as Error).message);
      void this.restartAfterCrash('failed to come back');
    }
  }

  /** Spawns and waits for an authenticated probe to pass. */
  private async bringUp(): Promise<void> {
    const child = this.spawnChild();
    this.setState('starting');
    const deadline = Date.now() + this.process.startTimeoutMs;
    let lastProbeError = 'no probe yet';
    while (Date.now() < deadline) {
      if (this.stopping) throw new Error('stopped while starting');
      if (this.child !== child) throw new Error(`${this.process.name} ${this.lastError ?? 'exited during start'}`);
      try {
        await this.process.probe(this.context);
        return;
      } catch (error) {
        lastProbeError = (error as Error).message;
      }
      await sleep(probeIntervalMs);
    }
    await this.killChild();
    throw new Error(`${this.process.name} was not ready within ${this.process.startTimeoutMs / 1000}s (last probe: ${lastProbeError})`);
  }

  /** First start: prepare, come up (retrying a few crashes with backoff), provision. */
  async start(): Promise<void> {
    this.setState('preparing');
    try {
      await this.process.prepare(this.context);
    } catch (error) {
      this.setState('failed', `preparing failed: ${(error as Error).message}`);
      throw error;
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.bringUp();
        break;
      } catch (error) {
        const message = (error as Error).message;
        if (this.stopping || attempt >= maxStartAttempts) {
          this.setState('failed', message);
          throw error;
        }
        const delay = restartDelayMs(this.backoff, attempt);
        this.setState('restarting', `${message}; retrying in ${delay} ms`);
        this.restarts += 1;
        await sleep(delay);
      }
    }
    this.setState('provisioning');
    try {
      await this.process.provision(this.context);
    } catch (error) {
      this.setState('failed', `provisioning failed: ${(error as Error).message}`);
      throw error;
    }
    this.setState('ready');
  }

  /** Ends the running process as a crash would, so it comes back the usual way (with backoff). */
  recycle(reason: string): void {
    if (this.stopping || !this.child) return;
    this.appendLog(`restarting: ${reason}`);
    this.child.kill(this.launch?.stopSignal ?? 'SIGTERM');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.child) {
      if (this.state !== 'failed') this.setState('stopped');
      return;
    }
    this.setState('stopping');
    await this.killChild();
  }

  /** Stops the current child with its clean-shutdown signal, then SIGKILL after a grace period. */
  private async killChild(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    child.kill(this.launch?.stopSignal ?? 'SIGTERM');
    const timer = setTimeout(() => {
      this.appendLog(`did not stop within ${stopTimeoutMs / 1000}s; killing`);
      child.kill('SIGKILL');
    }, stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
