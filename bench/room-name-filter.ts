/**
 * The room-name cuckoo filter in Redis: fills a filter sized for N names the way the message
 * service sizes it, then reports the load reached, the false-positive rate on N names never
 * added against the 2·b/2^f bound, bytes per name, and add/lookup throughput and latency.
 * Connects as the message service through its sidecar (stack up), or to a bare Redis on a unix
 * socket with --socket (no auth). Run by hand; not part of npm test:
 *
 *   node --import tsx bench/room-name-filter.ts [--count 100000] [--socket /tmp/redis.sock]
 *     [--concurrency 32] [--fingerprint-bits 16] [--buckets <power of two>]
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { createRoomNameFilter, type RoomNameFilter } from '../services/message/src/store/room-name-filter.ts';
import { roomNameFilterBucketCount } from '../services/message/src/store/room-name-filter-setup.ts';
import { withRedis } from '../test/support/clients.ts';
import { credentials } from '../test/support/stack.ts';
import { percentile } from './support/measure.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    socket: { type: 'string' },
    concurrency: { type: 'string', default: '32' },
    'fingerprint-bits': { type: 'string', default: '16' },
    buckets: { type: 'string' },
  },
});
const count = Number(values.count);
const concurrency = Number(values.concurrency);
const fingerprintBits = Number(values['fingerprint-bits']);
const bucketSize = 4;
// The service's own sizing unless --buckets overrides it (e.g. to measure a fuller filter).
const bucketCount = values.buckets ? Number(values.buckets) : roomNameFilterBucketCount(count);
const sequentialSamples = Math.min(count, 10_000);

const write = (line: string) => process.stdout.write(`${line}\n`);
const names = (prefix: string) => Array.from({ length: count }, (_, index) => `${prefix} room ${index}`);

interface Run {
  results: boolean[];
  seconds: number;
  /** Milliseconds, ascending. */
  latencies: number[];
}

/** `concurrency` requests in flight on the one connection (ioredis pipelines them). */
async function inFlight(items: string[], op: (name: string) => Promise<boolean>, width: number): Promise<Run> {
  const results = new Array<boolean>(items.length);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let index = next++; index < items.length; index = next++) {
        const begin = performance.now();
        results[index] = await op(items[index]!);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { results, seconds, latencies: latencies.sort((a, b) => a - b) };
}

/** Each extra name is removed right after it is added, so the load the adds meet stays put. */
async function addThenRemove(filter: RoomNameFilter): Promise<{ adds: Run; removes: Run }> {
  const adds: number[] = [];
  const removes: number[] = [];
  for (let index = 0; index < sequentialSamples; index++) {
    const name = `extra room ${index}`;
    const added = performance.now();
    const accepted = await filter.add(name);
    const removed = performance.now();
    adds.push(removed - added);
    if (accepted) {
      await filter.remove(name);
      removes.push(performance.now() - removed);
    }
  }
  const run = (latencies: number[]): Run => ({ results: [], seconds: latencies.reduce((sum, ms) => sum + ms, 0) / 1000, latencies: latencies.sort((a, b) => a - b) });
  return { adds: run(adds), removes: run(removes) };
}

function timing(label: string, run: Run): string {
  const ms = (q: number) => percentile(run.latencies, q).toFixed(3);
  return `${label.padEnd(34)} ${Math.round(run.latencies.length / run.seconds).toString().padStart(7)}/s  p50 ${ms(0.5)} ms  p99 ${ms(0.99)} ms`;
}

async function bench(redis: Redis): Promise<void> {
  const key = `message:room-names:bench:${randomUUID()}`;
  const filter: RoomNameFilter = createRoomNameFilter(redis, { key, bucketCount, bucketSize, fingerprintBits });
  try {
    const slots = bucketCount * bucketSize;
    write(`filter: ${bucketCount} buckets × ${bucketSize} slots × ${fingerprintBits}-bit fingerprints = ${slots} slots for ${count} names`);

    const adds = await inFlight(names('added'), (name) => filter.add(name), concurrency);
    const accepted = adds.results.filter(Boolean).length;
    const load = accepted / slots;
    write(`load factor reached: ${load.toFixed(4)} (${accepted} of ${count} names accepted)`);

    const hits = await inFlight(names('added'), (name) => filter.mightContain(name), concurrency);
    const missed = hits.results.filter((found, index) => !found && adds.results[index]).length;
    write(`false negatives: ${missed} of ${accepted} accepted names`);

    const strangers = await inFlight(names('never'), (name) => filter.mightContain(name), concurrency);
    const positives = strangers.results.filter(Boolean).length;
    const bound = (2 * bucketSize) / 2 ** fingerprintBits;
    // At load α only α·2b slots hold a fingerprint, each matching with probability 1/(2^f - 1).
    const expected = 1 - (1 - 1 / (2 ** fingerprintBits - 1)) ** (2 * bucketSize * load);
    write(`false positives: ${positives} of ${count} never-added names = ${(positives / count).toExponential(3)}  (bound 2·b/2^f = ${bound.toExponential(3)}, expected at this load ${expected.toExponential(3)})`);

    const bytes = await redis.strlen(key);
    const memory = Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    write(`bytes per name: STRLEN ${bytes} / ${accepted} = ${(bytes / accepted).toFixed(3)}  MEMORY USAGE ${memory} / ${accepted} = ${(memory / accepted).toFixed(3)}  (${((bytes * 8) / accepted).toFixed(2)} bits per name)`);

    write(`throughput and latency, ${concurrency} in flight on one connection:`);
    write(timing('  add (filling the filter)', adds));
    write(timing('  mightContain (added names)', hits));
    write(timing('  mightContain (never added)', strangers));

    write(`one request at a time (${sequentialSamples} each):`);
    write(timing('  mightContain', await inFlight(names('never').slice(0, sequentialSamples), (name) => filter.mightContain(name), 1)));
    const churn = await addThenRemove(filter);
    write(timing('  add', churn.adds));
    write(timing('  remove', churn.removes));
  } finally {
    await redis.del(key);
  }
}

const command = ['node --import tsx bench/room-name-filter.ts', `--count ${count}`, `--concurrency ${concurrency}`, `--fingerprint-bits ${fingerprintBits}`, ...(values.buckets ? [`--buckets ${values.buckets}`] : []), ...(values.socket ? [`--socket ${values.socket}`] : [])].join(' ');
write(command);
if (values.socket) {
  const redis = new Redis({ path: values.socket, lazyConnect: true, maxRetriesPerRequest: 0 });
  await redis.connect();
  try {
    await bench(redis);
  } finally {
    redis.disconnect();
  }
} else {
  write('through the message service sidecar, as its Redis user');
  await withRedis(credentials().redis.services.message, 'message', bench);
}
