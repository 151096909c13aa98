/**
 * Chat through the edge with the official socket.io-client, in rooms of 10 members: messages
 * persisted per second (acknowledged, so stored in Cassandra), send-to-receive latency p50/p99,
 * and then the heap per idle connection on one message instance (all idle sockets are pinned to
 * it with the `lynk-instance` cookie). Needs the stack up (`npm start`); creates its own users
 * and rooms. Run by hand; not part of npm test:
 *
 *   node --import tsx bench/chat-throughput.ts [--users 500] [--rate 2000] [--seconds 20] [--idle 10000] [--sockets-per-idle-user 4]
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { WebSocket } from 'ws';
import { localCaPaths } from '../init/local-ca.ts';
import type { ClientToServerEvents, MessageView, ServerToClientEvents } from '../services/message/src/socket/chat-events.ts';
import { signUp, type SignedInUser } from '../test/support/auth-users.ts';
import { callEdge, edgeOrigin } from '../test/support/edge-client.ts';
import { uniqueName } from '../test/support/stack.ts';
import { readStackStatus } from '../mesh/src/launcher/status.ts';
import { runningMessageInstances, type MessageInstance } from '../test/support/message-instances.ts';
import { parsePrometheusText, sampleSum } from '../test/support/prometheus-text.ts';
import { collectGarbageIn } from './support/collect-garbage.ts';
import { connectThroughEdge, instanceCookie } from './support/edge-chat-socket.ts';
import { findInstanceCookies, openSocketCounts } from './support/instance-cookies.ts';
import { percentile } from './support/measure.ts';
import { startCpuWindow } from './support/cpu.ts';
import { formatCpu, stackCpuGroups } from './support/stack-cpu-groups.ts';
import { openIdleSocket } from './support/raw-socket-io.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '500' },
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '20' },
    idle: { type: 'string', default: '10000' },
    'sockets-per-idle-user': { type: 'string', default: '4' },
  },
});
const userCount = Number(values.users);
const targetRate = Number(values.rate);
const seconds = Number(values.seconds);
const idleCount = Number(values.idle);
/** Idle connections belong to people of their own with a few devices each, seated in rooms like everyone else. */
const socketsPerIdleUser = Number(values['sockets-per-idle-user']);
const roomSize = 10;
const ca = readFileSync(localCaPaths().caCert, 'utf8');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spreads set-up requests over loopback addresses: the edge limits each client address to 100 requests/s. */
const addressFor = (index: number) => `127.0.${10 + Math.floor(index / 200)}.${1 + (index % 200)}`;

async function inBatches<T>(count: number, batch: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  for (let start = 0; start < count; start += batch) made.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - start) }, (_, offset) => make(start + offset)))));
  return made;
}

async function heapBytesOf(instance: MessageInstance): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${instance.port}/metrics`)).text();
  return sampleSum(parsePrometheusText(text), 'nodejs_heap_size_used_bytes');
}

/**
 * Live heap once the instance has caught up: a full collection (through its inspector) every few
 * seconds until two readings agree within 1%, since work queued behind a burst of connections
 * (presence writes, spans, log lines) is live too until it drains.
 */
async function settledHeap(instance: MessageInstance): Promise<number> {
  const pid = readStackStatus()?.processes.find((entry) => entry.name === instance.name)?.pid;
  if (!pid) throw new Error(`${instance.name} has no pid in the stack status`);
  let previous = Number.POSITIVE_INFINITY;
  for (let reading = 0; reading < 10; reading++) {
    await sleep(3000);
    await collectGarbageIn(pid);
    const heap = await heapBytesOf(instance);
    if (Math.abs(heap - previous) <= previous * 0.01) return heap;
    previous = heap;
  }
  return previous;
}

/** Signs up `count` people and seats them in rooms of `roomSize`; `firstIndex` keeps their client addresses apart from other groups'. */
async function signUpSeated(count: number, label: string, firstIndex = 0): Promise<{ users: SignedInUser[]; rooms: { id: string; members: SignedInUser[] }[] }> {
  const signedUp = await inBatches(count, 25, (index) => signUp(`${label} ${index}`, undefined, { localAddress: addressFor(firstIndex + index) }));
  const seated: { id: string; members: SignedInUser[] }[] = [];
  for (let start = 0; start < signedUp.length; start += roomSize) {
    const members = signedUp.slice(start, start + roomSize);
    const created = await callEdge<{ id: string }>('POST', '/api/rooms', { token: members[0]!.accessToken, json: { name: uniqueName('bench'), visibility: 'public', maxMembers: roomSize }, localAddress: addressFor(firstIndex + start) });
    await Promise.all(members.slice(1).map((member, offset) => callEdge('POST', `/api/rooms/${created.body.id}/join`, { token: member.accessToken, localAddress: addressFor(firstIndex + start + offset + 1) })));
    seated.push({ id: created.body.id, members });
  }
  return { users: signedUp, rooms: seated };
}

process.stdout.write(`signing up ${userCount} users and seating them in rooms of ${roomSize}...\n`);
const { users, rooms } = await signUpSeated(userCount, 'Bench');

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const latencies: number[] = [];
const connect = (user: SignedInUser, localAddress: string) =>
  new Promise<Client>((resolve, reject) => {
    const socket: Client = io(edgeOrigin, { path: '/socket.io', transports: ['websocket'], auth: { token: user.accessToken }, ca, reconnection: false, forceNew: true, ...({ localAddress } as object) });
    socket.on('message:new', (received: MessageView) => {
      const sentAt = Number(received.body.split(' ')[0]);
      if (received.authorId !== user.userId) latencies.push(performance.timeOrigin + performance.now() - sentAt);
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
// engine.io-client passes localAddress on to ws, though its types omit it. Upgrades count against the edge's per-address request limit too, so they are spread like the sign-ups.
const sockets = await inBatches(users.length, 50, (index) => connect(users[index]!, addressFor(index)));
const socketOf = new Map(users.map((user, index) => [user.userId, sockets[index]!]));

process.stdout.write(`sending ${targetRate}/s for ${seconds}s from ${users.length} connections...\n`);
let acknowledged = 0;
const failures = new Map<string, number>();
const pending: Promise<void>[] = [];
/** Everything a message touches on its way, so the figure says which part used the cores. */
const sendPathProcesses = ['edge', 'sidecar-message', 'message', 'message-2', 'redis', 'sidecar-redis', 'cassandra', 'sidecar-cassandra', 'kafka', 'sidecar-kafka', 'notification', 'sidecar-notification', 'jaeger', 'sidecar-jaeger', 'postgres'];
const stopCpu = startCpuWindow(stackCpuGroups(sendPathProcesses));
const startedAt = performance.now();
const tickMs = 10;
let sequence = 0;
for (let tick = 0; performance.now() - startedAt < seconds * 1000; tick++) {
  // Senders take turns, so each stays inside the per-user send limit; a rate that is not a whole
  // number of messages per tick is kept on average.
  for (const due = Math.floor(((tick + 1) * targetRate * tickMs) / 1000); sequence < due; sequence++) {
    const room = rooms[sequence % rooms.length]!;
    const sender = room.members[Math.floor(sequence / rooms.length) % room.members.length]!;
    pending.push(
      socketOf
        .get(sender.userId)!
        .timeout(10_000)
        .emitWithAck('message:send', { roomId: room.id, clientMsgId: randomUUID(), body: `${performance.timeOrigin + performance.now()} bench` })
        .then(
          (reply) => {
            if (reply.ok) acknowledged += 1;
            else failures.set(reply.error.code, (failures.get(reply.error.code) ?? 0) + 1);
          },
          () => {
            failures.set('timeout', (failures.get('timeout') ?? 0) + 1);
          },
        ),
    );
  }
  const next = startedAt + (tick + 1) * tickMs;
  await sleep(Math.max(0, next - performance.now()));
}
await Promise.all(pending);
const elapsed = (performance.now() - startedAt) / 1000;
const cpu = stopCpu();
await sleep(1000);
for (const socket of sockets) socket.close();

latencies.sort((a, b) => a - b);
process.stdout.write(
  [
    `messages persisted: ${acknowledged} in ${elapsed.toFixed(1)} s = ${(acknowledged / elapsed).toFixed(0)}/s (target ${targetRate}/s)`,
    `failed sends: ${failures.size === 0 ? 'none' : JSON.stringify(Object.fromEntries(failures))}`,
    `send-to-receive latency over ${latencies.length} deliveries: p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms`,
    `cpu while sending (cores): ${formatCpu(cpu)}`,
    `cpu per persisted message: ${acknowledged === 0 ? '-' : `${((Object.values(cpu.cores).reduce((sum, cores) => sum + cores, 0) * elapsed * 1000) / acknowledged).toFixed(2)} ms`}`,
  ].join('\n') + '\n',
);

if (idleCount > 0) {
  const idleUserCount = Math.ceil(idleCount / socketsPerIdleUser);
  process.stdout.write(`signing up ${idleUserCount} more users for the idle connections (${socketsPerIdleUser} devices each), in rooms of ${roomSize}...\n`);
  const idleUsers = (await signUpSeated(idleUserCount, 'Idle', userCount)).users;
  const instances = runningMessageInstances();
  // The goal is per instance, so every idle socket goes to the first one, pinned by cookie.
  const target = instances[0]!;
  const cookie = instances.length > 1 ? `${instanceCookie}=${(await findInstanceCookies(instances, (pin, index) => connectThroughEdge({ token: users[0]!.accessToken, localAddress: addressFor(index), pin }))).get(target.name)}` : undefined;
  process.stdout.write(`opening ${idleCount} idle connections to ${target.name} (port ${target.port})...\n`);
  const targetIndex = instances.indexOf(target);
  const before = await settledHeap(target);
  const socketsBefore = (await openSocketCounts(instances))[targetIndex]!;
  const idle: WebSocket[] = [];
  for (let start = 0; start < idleCount; start += 200) {
    idle.push(...(await Promise.all(Array.from({ length: Math.min(200, idleCount - start) }, (_, offset) => openIdleSocket(edgeOrigin.replace('https', 'wss'), idleUsers[(start + offset) % idleUsers.length]!.accessToken, ca, addressFor(start + offset), cookie)))));
  }
  const after = await settledHeap(target);
  const gained = (await openSocketCounts(instances))[targetIndex]! - socketsBefore;
  process.stdout.write(
    `idle connections: ${idle.length} opened, ${gained} more on ${target.name}; its heap ${(before / 2 ** 20).toFixed(1)} MiB -> ${(after / 2 ** 20).toFixed(1)} MiB = ${((after - before) / gained / 1024).toFixed(2)} KiB per connection (goal under 10 KiB)\n`,
  );
  for (const socket of idle) socket.close();
}
process.stdout.write(`command: node --import tsx bench/chat-throughput.ts --users ${userCount} --rate ${targetRate} --seconds ${seconds} --idle ${idleCount} --sockets-per-idle-user ${socketsPerIdleUser}\n`);
process.exit(0);
