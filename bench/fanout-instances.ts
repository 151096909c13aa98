/**
 * Fan-out across two message instances against one, in the same run: the same users, rooms
 * of 10, rate and duration, first with every socket pinned to one instance (phase A), then with
 * each room's members pinned alternately to the first and the second (phase B), so every
 * message reaches half its receivers through the Socket.IO Redis adapter. Prints messages
 * persisted per second, failed sends and send-to-receive latency p50/p99 for both phases; in
 * phase B also split by whether the receiver sat on the sender's instance. Sockets are pinned
 * with the `lynk-instance` cookie the message sidecar hashes on; which value lands where is
 * found first from the instances' connection gauges. Needs the stack up (`npm start`) with two
 * message instances; creates its own users and rooms. Run by hand; not part of npm test:
 *
 *   node --import tsx bench/fanout-instances.ts [--users 500] [--rate 300] [--seconds 20]
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { SignedInUser } from '../test/support/auth-users.ts';
import { runningMessageInstances, type MessageInstance } from '../test/support/message-instances.ts';
import { clientAddress } from './support/client-addresses.ts';
import { startCpuWindow, type CpuReport } from './support/cpu.ts';
import { connectThroughEdge, type BenchSocket } from './support/edge-chat-socket.ts';
import { inBatches } from './support/in-batches.ts';
import { findInstanceCookies, openSocketCounts } from './support/instance-cookies.ts';
import { percentile } from './support/measure.ts';
import { pacedCalls, type PacedRun } from './support/paced-calls.ts';
import { signUpSeatedUsers } from './support/seated-users.ts';
import { formatCpu, stackCpuGroups } from './support/stack-cpu-groups.ts';
import { watchRestarts } from './support/stack-restarts.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '500' },
    rate: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '20' },
  },
});
const userCount = Number(values.users);
const targetRate = Number(values.rate);
const seconds = Number(values.seconds);
const roomSize = 10;
const command = `node --import tsx bench/fanout-instances.ts --users ${userCount} --rate ${targetRate} --seconds ${seconds}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();

const instances = runningMessageInstances();
if (instances.length < 2) {
  process.stderr.write(`need two message instances up (\`npm run status\`); running: ${instances.map((instance) => instance.name).join(', ') || 'none'}\n`);
  process.exit(1);
}
const pair = instances.slice(0, 2);

process.stdout.write(`signing up ${userCount} users and seating them in rooms of ${roomSize}...\n`);
const { users, rooms } = await signUpSeatedUsers(userCount, roomSize, 'Fanout');

const cookies = await findInstanceCookies(pair, (pin, index) => connectThroughEdge({ token: users[0]!.accessToken, localAddress: clientAddress(index), pin }));
process.stdout.write(`cookies: ${pair.map((instance) => `${instance.name} (port ${instance.port}) <- lynk-instance=${cookies.get(instance.name)}`).join('; ')}\n`);

interface PhaseResult {
  placed: string;
  paced: PacedRun;
  acknowledged: number;
  elapsed: number;
  failures: Map<string, number>;
  expectedDeliveries: number;
  latencies: number[];
  sameInstance: number[];
  acrossInstances: number[];
  cpu: CpuReport;
  restarted: string[];
}

/** Connects every user pinned to `instanceOf(member index in room)`, sends at the target rate for the duration, and measures. */
async function runPhase(name: string, instanceOf: (memberIndex: number) => MessageInstance): Promise<PhaseResult> {
  const placement = new Map<string, MessageInstance>();
  for (const room of rooms) room.members.forEach((member, index) => placement.set(member.userId, instanceOf(index)));
  const latencies: number[] = [];
  const sameInstance: number[] = [];
  const acrossInstances: number[] = [];
  const connect = async (user: SignedInUser, index: number): Promise<BenchSocket> => {
    const home = placement.get(user.userId)!;
    const socket = await connectThroughEdge({ token: user.accessToken, localAddress: clientAddress(index), pin: cookies.get(home.name)! });
    socket.on('message:new', (received) => {
      if (received.authorId === user.userId) return;
      const latency = now() - Number(received.body.split(' ')[0]);
      latencies.push(latency);
      (placement.get(received.authorId) === home ? sameInstance : acrossInstances).push(latency);
    });
    return socket;
  };

  process.stdout.write(`${name}: connecting ${users.length} sockets...\n`);
  const restartedSince = watchRestarts(['sidecar-message', 'edge', 'redis', 'cassandra', ...pair.map((instance) => instance.name)]);
  const before = await openSocketCounts(pair);
  const sockets = await inBatches(users.length, 50, (index) => connect(users[index]!, index));
  const after = await openSocketCounts(pair);
  const placed = pair.map((instance, index) => `${instance.name} +${after[index]! - before[index]!}`).join(', ');
  const socketOf = new Map(users.map((user, index) => [user.userId, sockets[index]!]));

  process.stdout.write(`${name}: sending ${targetRate}/s for ${seconds}s (${placed})...\n`);
  let acknowledged = 0;
  let expectedDeliveries = 0;
  const failures = new Map<string, number>();
  const fail = (code: string) => failures.set(code, (failures.get(code) ?? 0) + 1);
  const pending: Promise<void>[] = [];
  const stopCpu = startCpuWindow(stackCpuGroups([...pair.map((instance) => instance.name), 'sidecar-message', 'edge', 'redis', 'cassandra']));
  const startedAt = performance.now();
  // Senders take turns round the rooms, so each stays inside the per-user send limit.
  const paced = await pacedCalls(targetRate, seconds, (sequence) => {
    const room = rooms[sequence % rooms.length]!;
    const sender = room.members[Math.floor(sequence / rooms.length) % room.members.length]!;
    pending.push(
      socketOf
        .get(sender.userId)!
        .timeout(10_000)
        .emitWithAck('message:send', { roomId: room.id, clientMsgId: randomUUID(), body: `${now()} fanout` })
        .then(
          (reply) => {
            if (!reply.ok) return void fail(reply.error.code);
            acknowledged += 1;
            expectedDeliveries += room.members.length - 1;
          },
          () => void fail('timeout'),
        ),
    );
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - startedAt) / 1000;
  const cpu = stopCpu();
  await sleep(1000);
  for (const socket of sockets) socket.close();
  await sleep(2000);
  for (const list of [latencies, sameInstance, acrossInstances]) list.sort((a, b) => a - b);
  return { placed, paced, acknowledged, elapsed, failures, expectedDeliveries, latencies, sameInstance, acrossInstances, cpu, restarted: restartedSince() };
}

const [first, second] = pair as [MessageInstance, MessageInstance];
const single = await runPhase('A (one instance)', () => first);
const spread = await runPhase('B (two instances)', (memberIndex) => (memberIndex % 2 === 0 ? first : second));

const latency = (sorted: number[]) => (sorted.length === 0 ? '-' : `${percentile(sorted, 0.5).toFixed(1)} / ${percentile(sorted, 0.99).toFixed(1)} ms (${sorted.length})`);
const rows: [string, (phase: PhaseResult) => string][] = [
  ['sockets placed', (phase) => phase.placed],
  ['restarted meanwhile', (phase) => (phase.restarted.length === 0 ? 'nothing' : `${phase.restarted.join(', ')}: figures invalid`)],
  ['sends started', (phase) => `${phase.paced.calls} in ${phase.paced.seconds.toFixed(1)} s (bench loop late by up to ${phase.paced.worstLagMs.toFixed(0)} ms)`],
  ['messages persisted', (phase) => `${(phase.acknowledged / phase.elapsed).toFixed(0)}/s (${phase.acknowledged} acknowledged in ${phase.elapsed.toFixed(1)} s, to the last reply)`],
  ['failed sends', (phase) => (phase.failures.size === 0 ? 'none' : JSON.stringify(Object.fromEntries(phase.failures)))],
  ['deliveries / expected', (phase) => `${phase.latencies.length} / ${phase.expectedDeliveries}`],
  ['latency p50 / p99 (n)', (phase) => latency(phase.latencies)],
  ['  receiver on sender\'s', (phase) => latency(phase.sameInstance)],
  ['  receiver on the other', (phase) => latency(phase.acrossInstances)],
];
const width = Math.max(...rows.map(([, cell]) => cell(single).length), 'A: one instance'.length) + 3;
process.stdout.write(
  [
    `\nfan-out at ${targetRate}/s target, ${users.length} users in ${rooms.length} rooms of ${roomSize}, ${seconds} s per phase`,
    `${''.padEnd(24)}${'A: one instance'.padEnd(width)}B: two instances`,
    ...rows.map(([label, cell]) => `${label.padEnd(24)}${cell(single).padEnd(width)}${cell(spread)}`),
    `p99 B vs A: ${(percentile(spread.latencies, 0.99) - percentile(single.latencies, 0.99)).toFixed(1)} ms (${((percentile(spread.latencies, 0.99) / percentile(single.latencies, 0.99) - 1) * 100).toFixed(0)}%)`,
    `cpu during A (cores): ${formatCpu(single.cpu)}`,
    `cpu during B (cores): ${formatCpu(spread.cpu)}`,
    `command: ${command}`,
  ].join('\n') + '\n',
);
process.exit(0);
