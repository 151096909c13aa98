import { policy } from '../../policy.ts';
import { join } from 'node:path';
import { loopback } from '../launcher/ports.ts';
import { stateDir, statePaths } from '../paths.ts';

export const trustDomain = policy.trustDomain;

/** The local agent's identity: every join token aliases to it, so workload entries outlive tokens. */
export const nodeSpiffeId = `spiffe://${trustDomain}/node/local`;

/** Where agents reach the SPIRE server (node API, mTLS). */
export const spireServerAddress = { host: loopback, port: 18081 } as const;

/** Workload API and Envoy SDS; reachable by every sidecar, so its folder is world-traversable. */
export const spireAgentSocketPath = join(statePaths.run, 'spire', 'agent.sock');

/** Admin API: whoever can connect administers SPIRE, so it lives in a private folder. */
export const spireServerSocketPath = join(statePaths.run, 'spire-server', 'api.sock');

/** Unix socket paths are limited to 107 bytes on Linux; a deep LYNK_STATE_DIR would exceed it. */
export function assertSocketPathFits(path: string): void {
  if (Buffer.byteLength(path) > 107) throw new Error(`unix socket path too long (${Buffer.byteLength(path)} > 107 bytes): ${path}; use a shorter LYNK_STATE_DIR`);
}

/**
 * Each sidecar runs Envoy from its own hard link, so the agent's unix:path selector (read from
 * /proc/<pid>/exe) tells the sidecars apart and hands each only its own SVID.
 */
export function sidecarBinaryPath(workload: string): string {
  return join(stateDir, 'bin', `envoy-${workload}`);
}

const durationUnits: Record<string, number> = { h: 3600, m: 60, s: 1 };

/** Seconds in a Go-style duration ("5m", "1h30m", "90s") or a bare number of seconds. */
export function parseDurationSeconds(text: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (!/^(\d+[hms])+$/.test(trimmed)) throw new Error(`not a duration: "${text}" (examples: 5m, 90s, 1h)`);
  let seconds = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([hms])/g)) seconds += Number(amount) * durationUnits[unit!]!;
  return seconds;
}

/** X.509-SVID lifetime: LYNK_SVID_TTL, else the policy's; SPIRE needs at least a minute to rotate sensibly. */
export function svidTtlSeconds(): number {
  const seconds = parseDurationSeconds(process.env.LYNK_SVID_TTL ?? `${policy.svidTtlSeconds}s`);
  if (seconds < 60) throw new Error(`LYNK_SVID_TTL must be at least 60s, got ${seconds}s`);
  return seconds;
}
