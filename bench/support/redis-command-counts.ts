/**
 * Redis's own count of the commands it has executed, read with INFO as the operator: the
 * server-wide `total_commands_processed` and the per-command calls of INFO commandstats
 * (which counts commands a Lua script runs as well as the EVALSHA that ran it).
 */
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';

export interface RedisCommandCounts {
  /** Milliseconds, performance.now(). */
  at: number;
  total: number;
  byCommand: Map<string, number>;
}

export async function readCommandCounts(redis: Redis): Promise<RedisCommandCounts> {
  const stats = await redis.info('stats');
  const commandStats = await redis.info('commandstats');
  const at = performance.now();
  const total = Number(/^total_commands_processed:(\d+)/m.exec(stats)?.[1]);
  if (!Number.isFinite(total)) throw new Error('INFO stats has no total_commands_processed');
  const byCommand = new Map([...commandStats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((match) => [match[1]!, Number(match[2])]));
  return { at, total, byCommand };
}

export interface CommandRates {
  seconds: number;
  total: number;
  byCommand: Map<string, number>;
}

/** Commands executed between two readings, and over how long. */
export function commandsBetween(from: RedisCommandCounts, to: RedisCommandCounts): CommandRates {
  const byCommand = new Map<string, number>();
  for (const [name, calls] of to.byCommand) {
    const delta = calls - (from.byCommand.get(name) ?? 0);
    if (delta !== 0) byCommand.set(name, delta);
  }
  return { seconds: (to.at - from.at) / 1000, total: to.total - from.total, byCommand };
}

/** `measured` less what `baseline` would have executed over the same time, at its rate. */
export function lessBaseline(measured: CommandRates, baseline: CommandRates): CommandRates {
  const scale = measured.seconds / baseline.seconds;
  const byCommand = new Map<string, number>();
  for (const name of new Set([...measured.byCommand.keys(), ...baseline.byCommand.keys()])) {
    byCommand.set(name, (measured.byCommand.get(name) ?? 0) - (baseline.byCommand.get(name) ?? 0) * scale);
  }
  return { seconds: measured.seconds, total: measured.total - baseline.total * scale, byCommand };
}
