/**
 * Bounded measurement loops for bench/mesh-overhead.ts: sequential latency (interleaved
 * between the paths being compared, so drift hits both alike) and fixed-concurrency
 * throughput for a fixed time. Latencies are kept in plain arrays and sorted once.
 */
import { performance } from 'node:perf_hooks';

export type Operation = () => Promise<unknown>;

export interface LatencySummary {
  samples: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface LatencyOptions {
  warmup: number;
  samples: number;
  /** Requests per path before switching to the next path. */
  block: number;
}

/**
 * One request at a time. Every path first gets `warmup` unrecorded requests, then the paths
 * take turns in blocks until each has `samples` recorded ones. Throws on the first failure.
 */
export async function measureLatency(paths: Record<string, Operation>, options: LatencyOptions): Promise<Record<string, LatencySummary>> {
  const names = Object.keys(paths);
  const recorded: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) {
    for (let i = 0; i < options.warmup; i++) await paths[name]!();
  }
  const rounds = Math.ceil(options.samples / options.block);
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const op = paths[name]!;
      const into = recorded[name]!;
      const count = Math.min(options.block, options.samples - round * options.block);
      for (let i = 0; i < count; i++) {
        const start = performance.now();
        await op();
        into.push(performance.now() - start);
      }
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const sorted = recorded[name]!.sort((a, b) => a - b);
      return [name, { samples: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1]! }];
    }),
  );
}

export interface ThroughputOptions {
  concurrency: number;
  durationMs: number;
  /** Hard cap on completed operations, a second bound besides the clock. */
  maxOps: number;
  /** The run stops once this many operations have failed. */
  maxErrors: number;
}

export interface ThroughputResult {
  ops: number;
  errors: number;
  firstError?: string;
  seconds: number;
  opsPerSecond: number;
}

/**
 * `concurrency` workers, each with its own operation (its own connection where that matters),
 * issue back-to-back requests until the clock, the op cap or the error cap stops them.
 */
export async function measureThroughput(workers: Operation[], options: ThroughputOptions): Promise<ThroughputResult> {
  let ops = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + options.durationMs;
  const running = (): boolean => performance.now() < deadline && ops < options.maxOps && errors < options.maxErrors;
  await Promise.all(
    workers.slice(0, options.concurrency).map(async (op) => {
      while (running()) {
        try {
          await op();
          ops++;
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { ops, errors, ...(firstError ? { firstError } : {}), seconds, opsPerSecond: ops / seconds };
}
