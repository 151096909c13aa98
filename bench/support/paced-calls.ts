/**
 * Open-loop pacing: calls `start(0, 1, …)` so that, by the clock, `rate` calls a second have been
 * made at every moment, `rate × seconds` in all. When a busy machine delays the timer, the next
 * wake-up catches up, so the offered load is the target whatever the event loop's lag; the worst
 * lag is reported, since a late loop also means late sends.
 */
import { performance } from 'node:perf_hooks';

export interface PacedRun {
  calls: number;
  /** From the first call to the last one started. */
  seconds: number;
  /** The longest a 10 ms timer overslept: how starved of CPU this process was. */
  worstLagMs: number;
}

const tickMs = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function pacedCalls(rate: number, seconds: number, start: (sequence: number) => void): Promise<PacedRun> {
  const total = Math.round(rate * seconds);
  const startedAt = performance.now();
  let calls = 0;
  let worstLagMs = 0;
  for (;;) {
    const due = Math.min(total, Math.floor((rate * (performance.now() - startedAt)) / 1000));
    for (; calls < due; calls++) start(calls);
    if (calls >= total) break;
    const asleepAt = performance.now();
    await sleep(tickMs);
    worstLagMs = Math.max(worstLagMs, performance.now() - asleepAt - tickMs);
  }
  return { calls, seconds: (performance.now() - startedAt) / 1000, worstLagMs };
}
