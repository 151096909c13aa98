import { mkdirSync } from 'node:fs';
import { statePaths } from '../paths.ts';
import { defaultBackoff, type BackoffPolicy } from './backoff.ts';
import type { ManagedProcess, StoreContext } from './managed-process.ts';
import { ProcessRunner } from './process-runner.ts';
import type { StackState, StackStatus } from './status.ts';

export interface SupervisorOptions {
  contextFor: (process: ManagedProcess) => StoreContext;
  logPathFor?: (name: string) => string;
  backoff?: BackoffPolicy;
  onStatus: (status: StackStatus) => void;
}

/** Starts every managed process, keeps them up, and stops them all together. */
export class Supervisor {
  private readonly runners: ProcessRunner[];
  private state: StackState = 'starting';
  private error?: string;

  constructor(private readonly processes: ManagedProcess[], private readonly options: SupervisorOptions) {
    if (!options.logPathFor) mkdirSync(statePaths.logs, { recursive: true });
    const logPathFor = options.logPathFor ?? statePaths.log;
    this.runners = processes.map(
      (process) =>
        new ProcessRunner(process, options.contextFor(process), logPathFor(process.name), options.backoff ?? defaultBackoff, () => this.publish(), () => this.restartResidentsOf(process.name)),
    );
  }

  /** A process that came back after a crash may be a new home (a new network namespace): whatever lives in it follows. */
  private restartResidentsOf(name: string): void {
    if (this.state !== 'ready') return;
    this.runners.forEach((runner, index) => {
      if (this.processes[index]!.restartsWith?.includes(name)) runner.recycle(`${name} came back after a crash`);
    });
  }

  status(): StackStatus {
    return {
      supervisorPid: process.pid,
      state: this.state,
      updatedAt: new Date().toISOString(),
      processes: this.runners.map((runner) => runner.status()),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  private publish(): void {
    this.options.onStatus(this.status());
  }

  /** Brings everything up in parallel; on any failure stops all and rejects, leaving nothing running. */
  async start(): Promise<void> {
    this.publish();
    const started = new Map<string, Promise<void>>();
    const startAfterDependencies = async (runner: ProcessRunner, process: ManagedProcess): Promise<void> => {
      for (const dependency of process.dependsOn ?? []) {
        const ready = started.get(dependency);
        if (!ready) throw new Error(`${process.name} depends on ${dependency}, which is not managed here`);
        // A failed dependency fails the whole start anyway; this one just does not begin.
        await ready.catch(() => Promise.reject(new Error(`${process.name} not started: ${dependency} failed`)));
      }
      await runner.start();
    };
    // Dependencies are listed before their dependents, so their promises exist when looked up.
    const starts = this.runners.map((runner, index) => {
      const promise = startAfterDependencies(runner, this.processes[index]!);
      started.set(this.processes[index]!.name, promise);
      return promise;
    });
    try {
      await Promise.all(starts);
    } catch (error) {
      // The first failure stops everything at once rather than waiting for slow starters.
      this.error = (error as Error).message;
      await this.stop('failed');
      await Promise.allSettled(starts);
      throw error;
    }
    this.state = 'ready';
    this.publish();
  }

  async stop(finalState: StackState = 'stopped'): Promise<void> {
    this.state = 'stopping';
    this.publish();
    await Promise.all(this.runners.map((runner) => runner.stop()));
    this.state = finalState;
    this.publish();
  }
}
