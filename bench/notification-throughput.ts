/**
 * Notification throughput, Kafka to the FCM stand-in, in two phases over the same rooms. Each
 * room has one sender (its owner) and one offline recipient with a registered device; a recipient
 * sits in several rooms, and a room's collapse window (4 s in development) is per person and
 * room, so spreading messages round the rooms keeps every message a push of its own as long as
 * each room waits `rooms / rate` ≥ 5 s between messages.
 *  (a) end to end: messages sent through the edge (socket.io) at a target rate; pushes/s at the
 *      stand-in and send-to-push p50/p99.
 *  (b) the consumer alone: a backlog of `message.created` events produced straight to Kafka as
 *      the operator, then how fast notification drains it (events/s from the group's committed
 *      offsets, which it commits a slice at a time), with Postgres and Redis calls per event and CPU.
 * Runs the FCM stand-in on 127.0.0.1:19500 only while measuring (waits while another run holds
 * the port). Needs the stack up with LYNK_PUSH_PROVIDER=fcm-standin; creates its own users and
 * rooms. Run by hand; not part of npm test:
 *
 *   node --import tsx bench/notification-throughput.ts [--rooms 2000] [--recipients 250] [--rate 40] [--seconds 20] [--backlog <rooms>]
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Admin } from 'kafkajs';
import { createEvent } from '../services/common/src/events/event-envelope.ts';
import { signUp, type SignedInUser } from '../test/support/auth-users.ts';
import { kafkaClient } from '../test/support/clients.ts';
import { callEdge } from '../test/support/edge-client.ts';
import type { FcmStandin, ReceivedPush } from '../test/support/fcm-standin.ts';
import { startStackFcmStandin } from '../test/support/notifications.ts';
import { parsePrometheusText, sampleSum, type Sample } from '../test/support/prometheus-text.ts';
import { credentials, uniqueName } from '../test/support/stack.ts';
import { clientAddress } from './support/client-addresses.ts';
import { startCpuWindow, type CpuReport } from './support/cpu.ts';
import { connectThroughEdge, type BenchSocket } from './support/edge-chat-socket.ts';
import { inBatches } from './support/in-batches.ts';
import { percentile } from './support/measure.ts';
import { pacedCalls, type PacedRun } from './support/paced-calls.ts';
import { formatCpu, stackCpuGroups } from './support/stack-cpu-groups.ts';
import { watchRestarts } from './support/stack-restarts.ts';

const { values } = parseArgs({
  options: {
    rooms: { type: 'string', default: '2000' },
    recipients: { type: 'string', default: '250' },
    rate: { type: 'string', default: '40' },
    seconds: { type: 'string', default: '20' },
    // One event per room by default: notification reads a partition's batch in order, so a room's second event in a backlog often falls in its window.
    backlog: { type: 'string' },
  },
});
const roomCount = Number(values.rooms);
const recipientCount = Math.min(Number(values.recipients), roomCount);
const targetRate = Number(values.rate);
const seconds = Number(values.seconds);
const backlogSize = Number(values.backlog ?? roomCount);
// 50 sends per user per 10 s: each sender stays at 4/s or less.
const senderCount = Math.max(1, Math.ceil(targetRate / 4));
const collapseWindowMs = 4000;
const command = `node --import tsx bench/notification-throughput.ts --rooms ${roomCount} --recipients ${recipientCount} --rate ${targetRate} --seconds ${seconds} --backlog ${backlogSize}`;
const notificationMetricsUrl = 'http://127.0.0.1:3003/metrics';
const consumerGroup = 'notification-pushes';
const topic = 'message.created';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();
let addressIndex = 0;
/** Every set-up request from the next loopback address: the edge limits each to 100 requests/s. */
const nextAddress = () => clientAddress(addressIndex++);

interface BenchRoom {
  id: string;
  owner: SignedInUser;
  recipient: SignedInUser;
}

if (roomCount / targetRate < (collapseWindowMs + 1000) / 1000) {
  process.stderr.write(`warning: each room gets a message every ${(roomCount / targetRate).toFixed(1)} s, inside the ${collapseWindowMs / 1000} s collapse window (+1 s); expect folded pushes. Use --rooms ≥ ${Math.ceil(targetRate * 5)}.\n`);
}

process.stdout.write(`signing up ${senderCount} senders and ${recipientCount} recipients, ${roomCount} rooms of 2, a device per recipient...\n`);
const setupStartedAt = performance.now();
const senders = await inBatches(senderCount, 25, (index) => signUp(`Notify sender ${index}`, undefined, { localAddress: nextAddress() }));
const recipients = await inBatches(recipientCount, 25, (index) => signUp(`Notify recipient ${index}`, undefined, { localAddress: nextAddress() }));
const tokenOf = new Map<string, string>();
await inBatches(recipients.length, 25, async (index) => {
  const token = `bench-${randomUUID()}`;
  const reply = await callEdge('PUT', '/api/notifications/devices/bench-phone', { token: recipients[index]!.accessToken, json: { token, platform: 'android' }, localAddress: nextAddress() });
  if (reply.status !== 204) throw new Error(`device registration answered ${reply.status}: ${reply.text}`);
  tokenOf.set(recipients[index]!.userId, token);
});
const benchTokens = new Set(tokenOf.values());
const rooms = await inBatches(roomCount, 25, async (index): Promise<BenchRoom> => {
  const owner = senders[index % senders.length]!;
  const recipient = recipients[index % recipients.length]!;
  const created = await callEdge<{ id: string }>('POST', '/api/rooms', { token: owner.accessToken, json: { name: uniqueName('notify'), visibility: 'public', maxMembers: 10 }, localAddress: nextAddress() });
  if (created.status !== 201) throw new Error(`creating a bench room answered ${created.status}: ${created.text}`);
  const joined = await callEdge('POST', `/api/rooms/${created.body.id}/join`, { token: recipient.accessToken, localAddress: nextAddress() });
  if (joined.status >= 300) throw new Error(`joining a bench room answered ${joined.status}: ${joined.text}`);
  return { id: created.body.id, owner, recipient };
});
process.stdout.write(`set up in ${((performance.now() - setupStartedAt) / 1000).toFixed(0)} s\n`);

async function notificationMetrics(): Promise<Sample[]> {
  const response = await fetch(notificationMetricsUrl, { signal: AbortSignal.timeout(5000) });
  return parsePrometheusText(await response.text());
}
const consumedCount = (samples: Sample[]) => sampleSum(samples, 'lynk_kafka_messages_total', { direction: 'consume', topic, outcome: 'ok' });

/** The room projection learns rooms from room.* events: wait until notification has consumed this run's joins. */
async function waitForProjection(): Promise<void> {
  const admin = kafkaClient(credentials().kafka.admin, 'operator').admin();
  await admin.connect();
  try {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(500)) {
      const lags = await Promise.all(['room.created', 'room.member.joined'].map((roomTopic) => groupLag(admin, 'notification-rooms', roomTopic)));
      if (lags.every((lag) => lag === 0)) return;
    }
    throw new Error('notification did not consume the room events within 60 s');
  } finally {
    await admin.disconnect();
  }
}

/** Per partition: the group's committed offsets (next to read) and the topic's end offsets. */
async function groupOffsets(admin: Admin, groupId: string, topicName: string): Promise<{ committed: Map<number, number>; ends: Map<number, number> }> {
  const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topicName), admin.fetchOffsets({ groupId, topics: [topicName] })]);
  return {
    committed: new Map(committed!.partitions.map((partition) => [partition.partition, Math.max(0, Number(partition.offset))])),
    ends: new Map(ends.map((end) => [end.partition, Number(end.high)])),
  };
}

const sumOf = (offsets: Map<number, number>) => [...offsets.values()].reduce((sum, offset) => sum + offset, 0);

async function groupLag(admin: Admin, groupId: string, topicName: string): Promise<number> {
  const { committed, ends } = await groupOffsets(admin, groupId, topicName);
  return [...ends].reduce((sum, [partition, end]) => sum + Math.max(0, end - (committed.get(partition) ?? 0)), 0);
}

/** Binds the stand-in to the port the stack sends to; another run's stand-in may hold it for a while. */
async function takeStandinPort(): Promise<FcmStandin> {
  for (let waited = 0; ; waited += 5) {
    try {
      return await startStackFcmStandin();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || waited >= 900) throw error;
      if (waited % 30 === 0) process.stdout.write(`port 19500 busy (another run's FCM stand-in); waiting (${waited} s so far)...\n`);
      await sleep(5000);
    }
  }
}

const isBenchPush = (push: ReceivedPush) => benchTokens.has(push.message.token);
/** Pushes of messages in `sentAt` (message id -> send time) and the delays from send to push, sorted. */
function pushDelays(pushes: readonly ReceivedPush[], sentAt: Map<string, number>): number[] {
  return pushes
    .filter((push) => push.message.data?.kind === 'message' && sentAt.has(push.message.data.messageId ?? ''))
    .map((push) => push.at - sentAt.get(push.message.data!.messageId!)!)
    .sort((a, b) => a - b);
}
const delays = (sorted: number[]) => (sorted.length === 0 ? '-' : `p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p99 ${percentile(sorted, 0.99).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (${sorted.length} pushes)`);

await waitForProjection();
const watchedProcesses = ['notification', 'sidecar-notification', 'postgres', 'sidecar-postgres', 'kafka', 'sidecar-kafka', 'redis', 'sidecar-redis'];
const standin = await takeStandinPort();
process.stdout.write('FCM stand-in listening on 127.0.0.1:19500\n');

interface EndToEnd {
  paced: PacedRun;
  acknowledged: number;
  ackDelays: number[];
  failures: Map<string, number>;
  delays: number[];
  firstSendAt: number;
  lastPushAt: number;
  summaries: number;
  cpu: CpuReport;
  restarted: string[];
}

/** Phase (a): sends round the rooms at the target rate through the edge; every message should become one push. */
async function endToEnd(): Promise<EndToEnd> {
  process.stdout.write(`(a) connecting ${senders.length} sender sockets...\n`);
  const sockets = await inBatches(senders.length, 25, (index) => connectThroughEdge({ token: senders[index]!.accessToken, localAddress: nextAddress() }));
  const socketOf = new Map<string, BenchSocket>(senders.map((sender, index) => [sender.userId, sockets[index]!]));
  const sentAt = new Map<string, number>();
  const ackDelays: number[] = [];
  const failures = new Map<string, number>();
  const fail = (code: string) => failures.set(code, (failures.get(code) ?? 0) + 1);
  const pending: Promise<void>[] = [];
  const pushesBefore = standin.received.length;
  const restartedSince = watchRestarts([...watchedProcesses, 'edge', 'message', 'message-2', 'sidecar-message', 'cassandra']);
  process.stdout.write(`(a) sending ${targetRate}/s for ${seconds} s round ${rooms.length} rooms (each every ${(rooms.length / targetRate).toFixed(1)} s)...\n`);
  const stopCpu = startCpuWindow(stackCpuGroups([...watchedProcesses, 'message', 'message-2', 'sidecar-message', 'edge', 'cassandra']));
  const firstSendAt = now();
  const paced = await pacedCalls(targetRate, seconds, (sequence) => {
    const room = rooms[sequence % rooms.length]!;
    const startedAt = now();
    pending.push(
      socketOf
        .get(room.owner.userId)!
        .timeout(10_000)
        .emitWithAck('message:send', { roomId: room.id, clientMsgId: randomUUID(), body: `${startedAt} notify-bench` })
        .then(
          (reply) => {
            if (!reply.ok) return void fail(reply.error.code);
            sentAt.set(reply.data.id, startedAt);
            ackDelays.push(now() - startedAt);
          },
          () => void fail('timeout'),
        ),
    );
  });
  await Promise.all(pending);
  // Pushes still arriving: wait until each acknowledged message has one, or none came for 10 s.
  let seen = -1;
  for (let quietSince = Date.now(); Date.now() - quietSince < 10_000; await sleep(200)) {
    const count = pushDelays(standin.received.slice(pushesBefore), sentAt).length;
    if (count >= sentAt.size) break;
    if (count !== seen) [seen, quietSince] = [count, Date.now()];
  }
  const cpu = stopCpu();
  for (const socket of sockets) socket.close();
  const pushes = standin.received.slice(pushesBefore).filter(isBenchPush);
  const messagePushes = pushes.filter((push) => push.message.data?.kind === 'message' && sentAt.has(push.message.data.messageId ?? ''));
  return {
    paced,
    acknowledged: sentAt.size,
    ackDelays: ackDelays.sort((a, b) => a - b),
    failures,
    delays: pushDelays(pushes, sentAt),
    firstSendAt,
    lastPushAt: Math.max(...messagePushes.map((push) => push.at)),
    summaries: pushes.filter((push) => push.message.data?.kind === 'summary').length,
    cpu,
    restarted: restartedSince(),
  };
}

interface Drain {
  produceSeconds: number;
  produced: number;
  drainSeconds: number;
  steadyRate: number;
  /** Committed offsets the group moved past: the backlog, plus anything others produced meanwhile. */
  processed: number;
  countsPerEvent: number;
  drained: boolean;
  delays: number[];
  summaries: number;
  storeCalls: { label: string; perEvent: number; msPerEvent: number }[];
  cpu: CpuReport;
  restarted: string[];
  maxLag: number;
}

/** Per (store, operation): calls and seconds, from notification's store-call histogram. */
function storeCallTotals(samples: Sample[]): Map<string, { calls: number; seconds: number }> {
  const totals = new Map<string, { calls: number; seconds: number }>();
  for (const sample of samples) {
    const kind = sample.name === 'lynk_store_call_duration_seconds_count' ? 'calls' : sample.name === 'lynk_store_call_duration_seconds_sum' ? 'seconds' : undefined;
    if (!kind || sample.labels.outcome !== 'ok') continue;
    const label = `${sample.labels.store} ${sample.labels.operation}`;
    const entry = totals.get(label) ?? { calls: 0, seconds: 0 };
    entry[kind] += sample.value;
    totals.set(label, entry);
  }
  return totals;
}

/** Phase (b): a backlog produced straight to Kafka as the operator, then timed while notification drains it. */
async function consumerAlone(): Promise<Drain> {
  const kafka = kafkaClient(credentials().kafka.admin, 'operator');
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  try {
    const sentAt = new Map<string, number>();
    const pushesBefore = standin.received.length;
    const metricsBefore = await notificationMetrics();
    const consumedBefore = consumedCount(metricsBefore);
    const offsetsBefore = await groupOffsets(admin, consumerGroup, topic);
    const restartedSince = watchRestarts(watchedProcesses);
    process.stdout.write(`(b) producing ${backlogSize} message.created events round ${rooms.length} rooms...\n`);
    const stopCpu = startCpuWindow(stackCpuGroups(watchedProcesses));
    const startedAt = performance.now();
    for (let start = 0; start < backlogSize; start += 500) {
      const messages = Array.from({ length: Math.min(500, backlogSize - start) }, (_, offset) => {
        const room = rooms[(start + offset) % rooms.length]!;
        const messageId = randomUUID();
        const producedAt = now();
        sentAt.set(messageId, producedAt);
        const event = createEvent(topic, { messageId, roomId: room.id, authorId: room.owner.userId, body: `${producedAt} notify-backlog`, replyTo: null, attachments: [], mentions: [], createdAt: new Date(producedAt).toISOString() });
        return { key: room.id, value: JSON.stringify(event) };
      });
      await producer.send({ topic, acks: -1, messages });
    }
    const produceSeconds = (performance.now() - startedAt) / 1000;
    const target = (await groupOffsets(admin, consumerGroup, topic)).ends;
    process.stdout.write(`(b) produced in ${produceSeconds.toFixed(1)} s; draining...\n`);

    // Drained once the group has committed past every event produced; its committed offsets (a slice at a time) give the timeline.
    const progress: { at: number; counted: number; committed: number }[] = [];
    let maxLag = 0;
    let drained = false;
    let lastReport = performance.now();
    let committed = offsetsBefore.committed;
    for (let quietSince = performance.now(); performance.now() - quietSince < 20_000; await sleep(250)) {
      const counted = consumedCount(await notificationMetrics()) - consumedBefore;
      committed = (await groupOffsets(admin, consumerGroup, topic)).committed;
      const point = { at: performance.now(), counted, committed: sumOf(committed) - sumOf(offsetsBefore.committed) };
      if (point.counted !== progress.at(-1)?.counted || point.committed !== progress.at(-1)?.committed) quietSince = performance.now();
      progress.push(point);
      const lag = [...target].reduce((sum, [partition, end]) => sum + Math.max(0, end - (committed.get(partition) ?? 0)), 0);
      maxLag = Math.max(maxLag, lag);
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        process.stdout.write(`(b)   group lag ${lag}\n`);
      }
      if (lag === 0) {
        drained = true;
        break;
      }
    }
    const processed = sumOf(committed) - sumOf(offsetsBefore.committed);
    // The counter goes up only when a whole fetched batch is done; offsets move with each slice.
    const finalCount = progress.at(-1)!.counted;
    const drainedAt = progress.find((point) => point.committed >= processed)!.at;
    const at = (share: number) => progress.find((point) => point.committed >= share * processed)?.at;
    const [tenth, ninetieth] = [at(0.1), at(0.9)];
    // Summaries of folded windows go out within a second or two of the window's end.
    await sleep(collapseWindowMs + 2000);
    const cpu = stopCpu();
    const metricsAfter = await notificationMetrics();
    const [callsBefore, callsAfter] = [storeCallTotals(metricsBefore), storeCallTotals(metricsAfter)];
    const storeCalls = [...callsAfter]
      .map(([label, total]) => {
        const before = callsBefore.get(label) ?? { calls: 0, seconds: 0 };
        return { label, perEvent: (total.calls - before.calls) / processed, msPerEvent: ((total.seconds - before.seconds) * 1000) / processed };
      })
      .filter((entry) => entry.perEvent >= 0.001)
      .sort((a, b) => b.perEvent - a.perEvent);
    const pushes = standin.received.slice(pushesBefore).filter(isBenchPush);
    return {
      produceSeconds,
      produced: sentAt.size,
      drainSeconds: (drainedAt - startedAt) / 1000,
      steadyRate: tenth !== undefined && ninetieth !== undefined && ninetieth > tenth ? (0.8 * processed) / ((ninetieth - tenth) / 1000) : Number.NaN,
      processed,
      countsPerEvent: processed > 0 ? finalCount / processed : Number.NaN,
      drained,
      delays: pushDelays(pushes, sentAt),
      summaries: pushes.filter((push) => push.message.data?.kind === 'summary').length,
      storeCalls,
      cpu,
      restarted: restartedSince(),
      maxLag,
    };
  } finally {
    await Promise.all([producer.disconnect(), admin.disconnect()]);
  }
}

let phaseA: EndToEnd;
let phaseB: Drain;
try {
  phaseA = await endToEnd();
  // Let every room's window close before the backlog, so its first events push rather than fold.
  await sleep(collapseWindowMs + 1000);
  phaseB = await consumerAlone();
} finally {
  await standin.close();
}

const failed = (failures: Map<string, number>) => (failures.size === 0 ? 'none' : JSON.stringify(Object.fromEntries(failures)));
const storeMs = phaseB.storeCalls.reduce((sum, entry) => sum + entry.msPerEvent, 0);
const pushSeconds = (phaseA.lastPushAt - phaseA.firstSendAt) / 1000;
process.stdout.write(
  [
    '',
    `notification throughput: ${senders.length} senders, ${recipients.length} offline recipients with a device each, ${rooms.length} rooms of 2 (collapse window ${collapseWindowMs / 1000} s)`,
    `(a) end to end, socket.io send -> message -> Kafka -> notification -> FCM stand-in, ${targetRate}/s target for ${seconds} s:`,
    `    restarted meanwhile:    ${phaseA.restarted.length === 0 ? 'nothing' : `${phaseA.restarted.join(', ')}: figures invalid`}`,
    `    sends started:          ${phaseA.paced.calls} in ${phaseA.paced.seconds.toFixed(1)} s (bench loop late by up to ${phaseA.paced.worstLagMs.toFixed(0)} ms)`,
    `    acknowledged:           ${phaseA.acknowledged}; failed sends: ${failed(phaseA.failures)}`,
    `    pushes / acknowledged:  ${phaseA.delays.length} / ${phaseA.acknowledged} (+${phaseA.summaries} summary pushes)`,
    `    pushes/s:               ${(phaseA.delays.length / pushSeconds).toFixed(0)} (first send to last push, ${pushSeconds.toFixed(1)} s)`,
    `    send-to-push:           ${delays(phaseA.delays)}`,
    `    send-to-ack (stored):   ${phaseA.ackDelays.length === 0 ? '-' : `p50 ${percentile(phaseA.ackDelays, 0.5).toFixed(0)} ms, p99 ${percentile(phaseA.ackDelays, 0.99).toFixed(0)} ms`}`,
    `    cpu (cores):            ${formatCpu(phaseA.cpu)}`,
    `(b) consumer alone, backlog of ${backlogSize} message.created produced to Kafka as the operator:`,
    `    restarted meanwhile:    ${phaseB.restarted.length === 0 ? 'nothing' : `${phaseB.restarted.join(', ')}: figures invalid`}`,
    `    produced:               ${phaseB.produced} in ${phaseB.produceSeconds.toFixed(1)} s (${(phaseB.produced / phaseB.produceSeconds).toFixed(0)}/s)`,
    `    processed:              ${phaseB.processed} (committed offsets)${phaseB.drained ? '' : ' (NOT drained: stalled for 20 s)'}; largest group lag seen ${phaseB.maxLag}; counter ${phaseB.countsPerEvent.toFixed(2)} per event`,
    `    events/s:               ${(phaseB.processed / phaseB.drainSeconds).toFixed(0)} (first produce to last consumed, ${phaseB.drainSeconds.toFixed(1)} s); steady ${phaseB.steadyRate.toFixed(0)}/s (10% to 90% of the backlog)`,
    `    per event:              ${(1000 / phaseB.steadyRate).toFixed(2)} ms wall time`,
    `    pushes / events:        ${phaseB.delays.length} / ${phaseB.produced} (+${phaseB.summaries} summary pushes)`,
    `    produce-to-push:        ${delays(phaseB.delays)} (queueing in the backlog included)`,
    `    store calls per event:  ${phaseB.storeCalls.map((entry) => `${entry.label} ${entry.perEvent.toFixed(3)} (${entry.msPerEvent.toFixed(3)} ms)`).join(', ')}`,
    `    waiting on stores:      ${storeMs.toFixed(2)} ms of the ${(1000 / phaseB.steadyRate).toFixed(2)} ms per event (a slice of a partition's events shares each call; partitions run side by side)`,
    `    cpu (cores):            ${formatCpu(phaseB.cpu)}`,
    `command: ${command}`,
  ].join('\n') + '\n',
);
process.exit(0);
