import { spawn, type ChildProcess } from 'node:child_process';
import { repoRoot } from '../../mesh/src/paths.ts';

/** A child process that logs one JSON object per line, and every line it has logged so far. */
export interface JsonLineProcess {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  stop(): Promise<void>;
}

/** Runs `node --import tsx <script> <args>` and resolves with the first line `isReady` accepts. */
export function startJsonLineProcess(
  command: { script: string; args?: string[]; env?: Record<string, string> },
  isReady: (line: Record<string, unknown>) => boolean,
): Promise<JsonLineProcess & { readyLine: Record<string, unknown> }> {
  const { script, args = [], env = {} } = command;
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  let errors = '';
  return new Promise((resolve, reject) => {
    let pending = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const text of complete.filter(Boolean)) {
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        if (isReady(line)) resolve({ child, lines, stop, readyLine: line });
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${errors}`)));
  });
}
