/**
 * Chat through the edge with the official socket.io-client, in rooms of 10 members: messages
 * persisted per second (acknowledged, so stored in Cassandra), send-to-receive latency p50/p99,
 * and then the message service's heap per idle connection. Needs the stack up (`npm start`);
 * creates its own users and rooms. Run by hand; not part of npm test:
 *
 *   node --import tsx bench/chat-throughput.ts [--users 500] [--rate 2000] [--seconds 20] [--idle 10000]
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { WebSocket } from 'ws';
import { localCaPaths } from '../init/local-ca.ts';
import { policy } from '../mesh/policy.ts';
import type { ClientToServerEvents, MessageView, ServerToClientEvents } from '../services/message/src/socket/chat-events.ts';
import { signUp, type SignedInUser } from '../test/support/auth-users.ts';
import { callEdge, edgeOrigin } from '../test/support/edge-client.ts';
import { uniqueName } from '../test/support/stack.ts';
import { percentile } from './support/measure.ts';
import { openIdleSocket } from './support/raw-socket-io.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '500' },
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '20' },
    idle: { type: 'string', default: '10000' },
  },
});
const userCount = Number(values.users);
const targetRate = Number(values.rate);
const seconds = Number(values.seconds);
const idleCount = Number(values.idle);
const roomSize = 10;
const ca = readFileSync(localCaPaths().caCert, 'utf8');
const message = policy.workload('message');
const messagePort = message.kind === 'service' ? message.appPort : 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spreads set-up requests over loopback addresses: the edge limits each client address to 100 requests/s. */
const addressFor = (index: number) => `127.0.${10 + Math.floor(index / 200)}.${1 + (index % 200)}`;

async function inBatches<T>(count: number, batch: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  for (let start = 0; start < count; start += batch) made.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - start) }, (_, offset) => make(start + offset)))));
  return made;
}

async function messageHeapBytes(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${messagePort}/metrics`)).text();
  return Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1] ?? NaN);
}

/** The lowest of a few readings, a few seconds apart: garbage not yet collected only ever adds. */
async function settledHeap(): Promise<number> {
  const readings: number[] = [];
  for (let index = 0; index < 6; index++) {
    await sleep(2000);
    readings.push(await messageHeapBytes());
  }
  return Math.min(...readings);
}

process.stdout.write(`signing up ${userCount} users and seating them in rooms of ${roomSize}...\n`);
const users = await inBatches(userCount, 25, (index) => signUp(`Bench ${index}`, undefined, { localAddress: addressFor(index) }));
const rooms: { id: string; members: SignedInUser[] }[] = [];
for (let start = 0; start < users.length; start += roomSize) {
  const members = users.slice(start, start + roomSize);
  const created = await callEdge<{ id: string }>('POST', '/api/rooms', { token: members[0]!.accessToken, json: { name: uniqueName('bench'), visibility: 'public', maxMembers: roomSize }, localAddress: addressFor(start) });
  await Promise.all(members.slice(1).map((member, offset) => callEdge('POST', `/api/rooms/${created.body.id}/join`, { token: member.accessToken, localAddress: addressFor(start + offset + 1) })));
  rooms.push({ id: created.body.id, members });
}

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
const startedAt = performance.now();
const tickMs = 10;
for (let tick = 0; performance.now() - startedAt < seconds * 1000; tick++) {
  // Senders take turns, so each stays inside the per-user send limit.
  for (let index = 0; index < (targetRate * tickMs) / 1000; index++) {
    const sequence = tick * ((targetRate * tickMs) / 1000) + index;
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
await sleep(1000);
for (const socket of sockets) socket.close();

latencies.sort((a, b) => a - b);
process.stdout.write(
  [
    `messages persisted: ${acknowledged} in ${elapsed.toFixed(1)} s = ${(acknowledged / elapsed).toFixed(0)}/s (target ${targetRate}/s)`,
    `failed sends: ${failures.size === 0 ? 'none' : JSON.stringify(Object.fromEntries(failures))}`,
    `send-to-receive latency over ${latencies.length} deliveries: p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms`,
  ].join('\n') + '\n',
);

if (idleCount > 0) {
  process.stdout.write(`opening ${idleCount} idle connections...\n`);
  const before = await settledHeap();
  const idle: WebSocket[] = [];
  for (let start = 0; start < idleCount; start += 200) {
    idle.push(...(await Promise.all(Array.from({ length: Math.min(200, idleCount - start) }, (_, offset) => openIdleSocket(edgeOrigin.replace('https', 'wss'), users[(start + offset) % users.length]!.accessToken, ca, addressFor(start + offset))))));
  }
  const after = await settledHeap();
  process.stdout.write(`idle connections: ${idle.length}; message heap ${(before / 2 ** 20).toFixed(1)} MiB -> ${(after / 2 ** 20).toFixed(1)} MiB = ${((after - before) / idle.length / 1024).toFixed(2)} KiB per connection\n`);
  for (const socket of idle) socket.close();
}
process.stdout.write(`command: node --import tsx bench/chat-throughput.ts --users ${userCount} --rate ${targetRate} --seconds ${seconds} --idle ${idleCount}\n`);
process.exit(0);
