export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A process that stayed up this long gets its backoff reset. */
  stableAfterMs: number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, stableAfterMs: 60_000 };

/** Exponential delay before restart number `attempt` (1-based). */
export function restartDelayMs(policy: BackoffPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
}
