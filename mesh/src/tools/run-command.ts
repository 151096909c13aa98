import { spawn, type SpawnOptions } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RunOptions extends SpawnOptions {
  /** Called for every output line, e.g. to report progress. */
  onLine?: (line: string) => void;
}

/** Runs a command to completion; rejects with the command's last output lines when it fails. */
export function runCommand(command: string, args: string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const collect = (line: string) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      options.onLine?.(line);
    };
    const output: string[] = [];
    if (child.stdout) createInterface({ input: child.stdout }).on('line', (line) => { output.push(line); collect(line); });
    if (child.stderr) createInterface({ input: child.stderr }).on('line', collect);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise(output.join('\n'));
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail.join('\n')}`));
    });
  });
}

/** True when `command` is found on PATH. */
export async function commandExists(command: string): Promise<boolean> {
  try {
    await runCommand('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}
