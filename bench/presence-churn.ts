/**
 * Presence churn: Socket.IO connections opened through the edge and closed again as soon as
 * they connect, at a target rate of connect+disconnect pairs per second, each by a user who has
 * no other connection at the time (so every connect turns a user online and every disconnect
 * offline, and both are announced to the user's room). Reports the rate achieved and the Redis
 * commands executed per connect or disconnect event, from Redis's INFO read as the operator
 * before and after, less the commands an idle period of the same length executed just before
 * (the stack is shared; its background traffic is not the churn's). Users are signed up and
 * seated in rooms of 10 before anything is measured. Needs the stack up (`npm start`). Run by
 * hand; not part of npm test:
 *
 *   node --import tsx bench/presence-churn.ts [--users 500] [--rate 1000] [--seconds 10]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { SignedInUser } from '../test/support/auth-users.ts';
import { withRedis } from '../test/support/clients.ts';
import { credentials } from '../test/support/stack.ts';
import { clientAddress } from './support/client-addresses.ts';
import { startCpuWindow } from './support/cpu.ts';
import { connectThroughEdge } from './support/edge-chat-socket.ts';
import { percentile } from './support/measure.ts';
import { pacedCalls, type PacedRun } from './support/paced-calls.ts';
import { commandsBetween, lessBaseline, readCommandCounts, type CommandRates } from './support/redis-command-counts.ts';
import { signUpSeatedUsers } from './support/seated-users.ts';
import { formatCpu, stackCpuGroups } from './support/stack-cpu-groups.ts';
import { watchRestarts } from './support/stack-restarts.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '500' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
  },
});
const userCount = Number(values.users);
const targetRate = Number(values.rate);
const seconds = Number(values.seconds);
const roomSize = 10;
// Time for the last disconnects to reach Redis before the closing reading.
const settleMs = 3000;
// Each address then opens about rate/2000 WebSockets a second, far below the edge's 100/s.
const addressCount = 2000;
const command = `node --import tsx bench/presence-churn.ts --users ${userCount} --rate ${targetRate} --seconds ${seconds}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sockets in TIME_WAIT on this machine: each churned connection leaves some behind on the loopback hops. */
const timeWaitSockets = () => Number(/^TCP: .* tw (\d+)/m.exec(readFileSync('/proc/net/sockstat', 'utf8'))?.[1]);

process.stdout.write(`signing up ${userCount} users and seating them in rooms of ${roomSize}...\n`);
const { users, rooms } = await signUpSeatedUsers(userCount, roomSize, 'Churn');
await sleep(3000);

interface ChurnResult {
  paced: PacedRun;
  connects: number;
  disconnects: number;
  noIdleUser: number;
  failures: Map<string, number>;
  connectMs: number[];
  elapsed: number;
  maxTimeWait: number;
}

/** Starts a cycle (connect, then close at once) `targetRate` times a second with whichever user is idle longest. */
async function churn(): Promise<ChurnResult> {
  const idle: SignedInUser[] = [...users];
  const failures = new Map<string, number>();
  const connectMs: number[] = [];
  const cycles: Promise<void>[] = [];
  let connects = 0;
  let disconnects = 0;
  let noIdleUser = 0;
  let maxTimeWait = 0;
  const cycle = async (user: SignedInUser, localAddress: string) => {
    const startedAt = performance.now();
    try {
      const socket = await connectThroughEdge({ token: user.accessToken, localAddress, timeoutMs: 10_000 });
      connectMs.push(performance.now() - startedAt);
      connects += 1;
      socket.close();
      disconnects += 1;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
    } finally {
      idle.push(user);
    }
  };
  const startedAt = performance.now();
  const sampler = setInterval(() => (maxTimeWait = Math.max(maxTimeWait, timeWaitSockets())), 500);
  const paced = await pacedCalls(targetRate, seconds, (sequence) => {
    const user = idle.shift();
    if (user) cycles.push(cycle(user, clientAddress(sequence % addressCount)));
    else noIdleUser += 1;
  });
  await Promise.all(cycles);
  clearInterval(sampler);
  const elapsed = (performance.now() - startedAt) / 1000;
  connectMs.sort((a, b) => a - b);
  return { paced, connects, disconnects, noIdleUser, failures, connectMs, elapsed, maxTimeWait: Math.max(maxTimeWait, timeWaitSockets()) };
}

const windowMs = seconds * 1000 + settleMs;
const measured = await withRedis(credentials().redis.admin, 'operator', async (redis) => {
  process.stdout.write(`idle baseline: ${(windowMs / 1000).toFixed(0)} s...\n`);
  const idleStart = await readCommandCounts(redis);
  await sleep(windowMs);
  const baseline = commandsBetween(idleStart, await readCommandCounts(redis));

  process.stdout.write(`churning at ${targetRate} connect+disconnect pairs/s for ${seconds} s with ${users.length} users...\n`);
  const restartedSince = watchRestarts(['message', 'message-2', 'sidecar-message', 'edge', 'redis', 'postgres']);
  const stopCpu = startCpuWindow(stackCpuGroups(['message', 'message-2', 'sidecar-message', 'edge', 'redis', 'postgres']));
  const churnStart = await readCommandCounts(redis);
  const result = await churn();
  const cpu = stopCpu();
  await sleep(settleMs);
  const during = commandsBetween(churnStart, await readCommandCounts(redis));

  process.stdout.write(`idle check afterwards: ${(windowMs / 1000).toFixed(0)} s...\n`);
  const afterStart = await readCommandCounts(redis);
  await sleep(windowMs);
  const baselineAfter = commandsBetween(afterStart, await readCommandCounts(redis));
  return { baseline, baselineAfter, during, result, cpu, restarted: restartedSince() };
});

const { baseline, baselineAfter, during, result, cpu, restarted } = measured;
const events = result.connects + result.disconnects;
const net = lessBaseline(during, baseline);
const perEvent = (rates: CommandRates) => rates.total / events;
const sumOf = (rates: CommandRates) => [...rates.byCommand.values()].reduce((sum, calls) => sum + calls, 0);
const breakdown = [...net.byCommand]
  .map(([name, calls]) => [name, calls / events] as const)
  .filter(([, calls]) => Math.abs(calls) >= 0.005)
  .sort((a, b) => b[1] - a[1])
  .map(([name, calls]) => `${name} ${calls.toFixed(2)}`)
  .join(', ');
process.stdout.write(
  [
    `\npresence churn, target ${targetRate} pairs/s for ${seconds} s, ${users.length} users in ${rooms.length} rooms of ${roomSize}`,
    `cycles due: ${result.paced.calls} in ${result.paced.seconds.toFixed(1)} s; started ${result.paced.calls - result.noIdleUser}, ${result.noIdleUser} skipped because all ${users.length} users were mid-cycle (bench loop late by up to ${result.paced.worstLagMs.toFixed(0)} ms)`,
    `achieved: ${result.connects} connects + ${result.disconnects} disconnects in ${result.elapsed.toFixed(1)} s = ${(result.connects / result.elapsed).toFixed(0)} pairs/s`,
    `restarted while measuring: ${restarted.length === 0 ? 'nothing' : `${restarted.join(', ')}: figures invalid`}`,
    `failed connects: ${result.failures.size === 0 ? 'none' : JSON.stringify(Object.fromEntries(result.failures))}`,
    `connect time (to the CONNECT packet): p50 ${percentile(result.connectMs, 0.5).toFixed(1)} ms, p99 ${percentile(result.connectMs, 0.99).toFixed(1)} ms`,
    `redis baseline (idle, before): ${(baseline.total / baseline.seconds).toFixed(1)} commands/s; idle check after: ${(baselineAfter.total / baselineAfter.seconds).toFixed(1)} commands/s`,
    `redis during churn (+${settleMs / 1000} s settle): ${during.total} commands in ${during.seconds.toFixed(1)} s, ${net.total.toFixed(0)} above baseline`,
    `redis commands per event (connect or disconnect): ${perEvent(net).toFixed(2)} (total_commands_processed; commandstats sum ${(sumOf(net) / events).toFixed(2)}), per pair ${((2 * net.total) / events).toFixed(2)}`,
    `  with the idle check after as baseline instead: ${perEvent(lessBaseline(during, baselineAfter)).toFixed(2)} per event`,
    `  per event by command: ${breakdown}`,
    `TIME_WAIT sockets on the machine, peak seen: ${result.maxTimeWait}`,
    `cpu during churn (cores): ${formatCpu(cpu)}`,
    `command: ${command}`,
  ].join('\n') + '\n',
);
process.exit(0);
