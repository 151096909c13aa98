import { spawn } from 'node:child_process';

/** Runs a TypeScript script in a child Node process until it exits; returns the signal that ended it and what it printed. */
export function runToExit(script: string, args: readonly string[]): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject).once('exit', (_code, signal) => resolve({ signal, output }));
  });
}
