import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { statePaths } from '../paths.ts';

export type ProcessState = 'pending' | 'preparing' | 'starting' | 'provisioning' | 'ready' | 'restarting' | 'stopping' | 'stopped' | 'failed';
export type StackState = 'starting' | 'ready' | 'failed' | 'stopping' | 'stopped';

export interface ProcessStatus {
  name: string;
  pid?: number;
  /** Executable of the running pid, so a stale pid reused by something else is never killed. */
  command?: string;
  ports: number[];
  listens?: string;
  state: ProcessState;
  restarts: number;
  log: string;
  lastError?: string;
}

export interface StackStatus {
  supervisorPid: number;
  state: StackState;
  updatedAt: string;
  processes: ProcessStatus[];
  error?: string;
}

/** Written atomically so a reader never sees half a file. */
export function writeStackStatus(status: StackStatus, path = statePaths.status): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(status, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function readStackStatus(path = statePaths.status): StackStatus | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StackStatus;
  } catch {
    return undefined;
  }
}
