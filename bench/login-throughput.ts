/**
 * Logins per second through the edge at increasing concurrency, with p50/p99 of one login
 * (POST /api/auth/login, the texted code read from the development SMS sink, then
 * POST /api/auth/login/verify). Reports the highest rate whose p99 stays under 100 ms. Needs
 * the stack up (`npm start`); creates its own users. Run by hand; not part of npm test:
 *
 *   node --import tsx bench/login-throughput.ts [--seconds 8] [--levels 1,2,4,8,16]
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { smsSinkFile } from '../mesh/src/services/auth-service.ts';
import { freshPhoneNumber, signUp } from '../test/support/auth-users.ts';
import { callEdge } from '../test/support/edge-client.ts';
import { percentile } from './support/measure.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, levels: { type: 'string', default: '1,2,4,8,16' } } });
const seconds = Number(values.seconds);
const levels = values.levels.split(',').map(Number);
/** Auth allows five codes per number per hour: one for sign-up, four logins. */
const loginsPerUser = 4;

/** Follows the SMS sink as it grows: phone -> waiters for the next code. */
const waiting = new Map<string, (code: string) => void>();
let offset = existsSync(smsSinkFile) ? statSync(smsSinkFile).size : 0;
let pending = '';
const tail = setInterval(() => {
  if (!existsSync(smsSinkFile)) return;
  const size = statSync(smsSinkFile).size;
  if (size <= offset) return;
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(smsSinkFile, 'r');
  readSync(fd, buffer, 0, buffer.length, offset);
  closeSync(fd);
  offset = size;
  const lines = (pending + buffer.toString('utf8')).split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines.filter(Boolean)) {
    const message = JSON.parse(line) as { to: string; body: string };
    const code = /\b(\d{6})\b/.exec(message.body)?.[1];
    const waiter = waiting.get(message.to);
    if (code && waiter) {
      waiting.delete(message.to);
      waiter(code);
    }
  }
}, 2);

/** True for a completed login; false when the edge's per-IP rate limit refused a step. */
async function login(phone: string): Promise<boolean> {
  const code = new Promise<string>((resolve) => waiting.set(phone, resolve));
  const started = await callEdge<{ challengeId: string }>('POST', '/api/auth/login', { json: { phone } });
  if (started.status === 429) return false;
  if (started.status !== 202) throw new Error(`login answered ${started.status}: ${started.text}`);
  const verified = await callEdge('POST', '/api/auth/login/verify', { json: { challengeId: started.body.challengeId, code: await code } });
  if (verified.status === 429) return false;
  if (verified.status !== 200) throw new Error(`verify answered ${verified.status}: ${verified.text}`);
  return true;
}

async function runLevel(concurrency: number): Promise<{ rate: number; p50: number; p99: number; count: number; refused: number }> {
  const users: Awaited<ReturnType<typeof signUp>>[] = [];
  // Sign-ups in small batches, so the edge's per-IP limit is not spent before the measurement.
  for (let batch = 0; batch < 10; batch++) {
    users.push(...(await Promise.all(Array.from({ length: concurrency * 2 }, () => signUp('Bench', freshPhoneNumber())))));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  let refused = 0;
  // Skip the sign-up texts, and let the edge's per-IP bucket refill before measuring.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  offset = existsSync(smsSinkFile) ? statSync(smsSinkFile).size : 0;
  pending = '';
  const durations: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const begun = performance.now();
  const worker = async (index: number) => {
    // Each worker owns its own users, so one number never has two codes in flight.
    const mine = users.filter((_, position) => position % concurrency === index).flatMap((user) => Array.from({ length: loginsPerUser }, () => user.phone));
    for (const phone of mine) {
      if (performance.now() > deadline) return;
      const start = performance.now();
      if (await login(phone)) durations.push(performance.now() - start);
      else refused++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  const elapsed = (performance.now() - begun) / 1000;
  durations.sort((a, b) => a - b);
  return { rate: durations.length / elapsed, p50: percentile(durations, 0.5), p99: percentile(durations, 0.99), count: durations.length, refused };
}

process.stdout.write(`node --import tsx bench/login-throughput.ts --seconds ${seconds} --levels ${levels.join(',')}\n`);
let best = 0;
for (const concurrency of levels) {
  const result = await runLevel(concurrency);
  process.stdout.write(`concurrency ${String(concurrency).padStart(2)}: ${result.rate.toFixed(1).padStart(6)} logins/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  (${result.count} logins, ${result.refused} refused by the edge's per-IP limit)\n`);
  if (result.p99 < 100) best = Math.max(best, result.rate);
}
process.stdout.write(`best rate with p99 under 100 ms: ${best.toFixed(1)} logins/s\n`);
clearInterval(tail);
