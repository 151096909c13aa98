import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';

describe('graceful shutdown', () => {
  it('finishes in-flight requests, refuses new ones, closes dependencies and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'slow-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! });
    const output: string[] = [];
    const firstLine = new Promise<string>((resolve) => lines.once('line', resolve));
    lines.on('line', (line) => output.push(line));
    const { port } = JSON.parse(await firstLine) as { port: number };
    const baseUrl = `http://127.0.0.1:${port}`;

    const inFlight = fetch(`${baseUrl}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill('SIGTERM');
    const exited = once(child, 'exit');

    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { finished: true });
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0);
    await assert.rejects(fetch(`${baseUrl}/healthz`));
    const messages = output.map((line) => (JSON.parse(line) as { msg?: string }).msg);
    assert.ok(messages.includes('fake-pool closed'), 'dependencies are closed');
    assert.ok(messages.includes('shutdown complete'));
  });
});
