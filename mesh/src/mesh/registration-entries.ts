import { copyFileSync, linkSync, mkdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname } from 'node:path';
import { runCommand } from '../tools/run-command.ts';
import { policy } from '../../policy.ts';
import { nodeSpiffeId, sidecarBinaryPath, spireServerSocketPath, svidTtlSeconds } from './spiffe.ts';

/** One sidecar's identity: the SVID its Envoy gets when run from sidecarBinaryPath(workload). */
export interface WorkloadIdentity {
  workload: string;
  spiffeId: string;
  x509SvidTtlSeconds: number;
}

/** One entry per workload of the mesh policy; LYNK_SVID_TTL overrides the policy's lifetime. */
export const defaultIdentities: WorkloadIdentity[] = policy.workloads.map((workload) => ({
  workload: workload.name,
  spiffeId: workload.spiffeId,
  x509SvidTtlSeconds: svidTtlSeconds(),
}));

/** The fields of `spire-server entry show -output json` this module reads. */
export interface RegistrationEntry {
  id: string;
  spiffe_id: { trust_domain: string; path: string };
  parent_id: { trust_domain: string; path: string };
  selectors: Array<{ type: string; value: string }>;
  x509_svid_ttl: number;
  jwt_svid_ttl: number;
  admin: boolean;
  downstream: boolean;
  dns_names: string[];
  federates_with: string[];
  hint: string;
}

export function entrySpiffeId(id: { trust_domain: string; path: string }): string {
  return `spiffe://${id.trust_domain}${id.path}`;
}

function serverCli(serverBinary: string, subcommand: string[], args: string[] = []): Promise<string> {
  return runCommand(serverBinary, [...subcommand, '-socketPath', spireServerSocketPath, ...args]);
}

/** Entries filtered by parent and/or SPIFFE ID; the CLI pages through all of them. */
export async function listEntries(serverBinary: string, filter: { parentId?: string; spiffeId?: string }): Promise<RegistrationEntry[]> {
  const args = ['-output', 'json'];
  if (filter.parentId) args.push('-parentID', filter.parentId);
  if (filter.spiffeId) args.push('-spiffeID', filter.spiffeId);
  const output = await serverCli(serverBinary, ['entry', 'show'], args);
  return (JSON.parse(output) as { entries?: RegistrationEntry[] }).entries ?? [];
}

export async function deleteEntry(serverBinary: string, entryId: string): Promise<void> {
  await serverCli(serverBinary, ['entry', 'delete'], ['-entryID', entryId]);
}

function workloadSelector(identity: WorkloadIdentity): string {
  return `unix:path:${sidecarBinaryPath(identity.workload)}`;
}

/** True when the entry is exactly what the identity asks for, with nothing extra granted. */
function entryMatches(entry: RegistrationEntry, identity: WorkloadIdentity): boolean {
  const [selector, ...extraSelectors] = entry.selectors;
  return (
    extraSelectors.length === 0 &&
    selector !== undefined &&
    `${selector.type}:${selector.value}` === workloadSelector(identity) &&
    Number(entry.x509_svid_ttl) === identity.x509SvidTtlSeconds &&
    Number(entry.jwt_svid_ttl) === 0 &&
    !entry.admin &&
    !entry.downstream &&
    entry.dns_names.length === 0 &&
    entry.federates_with.length === 0 &&
    entry.hint === ''
  );
}

function entryArgs(identity: WorkloadIdentity): string[] {
  return ['-parentID', nodeSpiffeId, '-spiffeID', identity.spiffeId, '-selector', workloadSelector(identity), '-x509SVIDTTL', String(identity.x509SvidTtlSeconds)];
}

/**
 * Makes the server's workload entries under node/local exactly the given identities: one entry
 * each, selected by the sidecar's binary path. Anything else under node/local is deleted, so a
 * workload dropped from the policy loses its SVID. Re-running with the same identities changes nothing.
 */
export async function applyRegistrationEntries(serverBinary: string, identities: WorkloadIdentity[]): Promise<{ created: number; updated: number; deleted: number }> {
  const workloads = new Set<string>();
  for (const identity of identities) {
    if (workloads.has(identity.workload)) throw new Error(`workload ${identity.workload} has two identities`);
    workloads.add(identity.workload);
  }
  const existing = await listEntries(serverBinary, { parentId: nodeSpiffeId });
  const claimed = new Set<string>();
  const result = { created: 0, updated: 0, deleted: 0 };
  for (const identity of identities) {
    // Prefer an exact match; otherwise reuse an entry of the same SPIFFE ID, or one selecting this sidecar.
    const candidates = existing.filter((entry) => !claimed.has(entry.id));
    const reusable =
      candidates.find((entry) => entrySpiffeId(entry.spiffe_id) === identity.spiffeId && entryMatches(entry, identity)) ??
      candidates.find((entry) => entrySpiffeId(entry.spiffe_id) === identity.spiffeId) ??
      candidates.find((entry) => entry.selectors.some((selector) => `${selector.type}:${selector.value}` === workloadSelector(identity)));
    if (reusable) {
      claimed.add(reusable.id);
      if (entrySpiffeId(reusable.spiffe_id) === identity.spiffeId && entryMatches(reusable, identity)) continue;
      // Update rewrites every field, so anything not passed here is reset to its default.
      await serverCli(serverBinary, ['entry', 'update'], ['-entryID', reusable.id, ...entryArgs(identity)]);
      result.updated += 1;
    } else {
      await serverCli(serverBinary, ['entry', 'create'], entryArgs(identity));
      result.created += 1;
    }
  }
  for (const entry of existing) {
    if (claimed.has(entry.id)) continue;
    await deleteEntry(serverBinary, entry.id);
    result.deleted += 1;
  }
  return result;
}

function sameFile(a: string, b: string): boolean {
  try {
    const [left, right] = [statSync(a), statSync(b)];
    if (left.dev === right.dev && left.ino === right.ino) return true;
    // A copy (cross-filesystem fallback) counts as current when size and modification time match.
    return left.size === right.size && Math.floor(left.mtimeMs) === Math.floor(right.mtimeMs);
  } catch {
    return false;
  }
}

/**
 * Gives a workload its own path to the Envoy binary: a hard link (a symlink would not do, the
 * kernel reports the resolved target as /proc/<pid>/exe), or a copy when the state dir is on
 * another filesystem. A stale link is replaced atomically; an Envoy still running from the old
 * file then shows a "(deleted)" path and would fail attestation on its next SDS reconnect.
 */
export function ensureSidecarBinary(envoyBinary: string, workload: string): string {
  const target = sidecarBinaryPath(workload);
  if (sameFile(envoyBinary, target)) return target;
  mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
  const staging = `${target}.new-${process.pid}`;
  rmSync(staging, { force: true });
  try {
    linkSync(envoyBinary, staging);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copyFileSync(envoyBinary, staging);
    const source = statSync(envoyBinary);
    utimesSync(staging, source.atimeMs / 1000, source.mtimeMs / 1000);
  }
  renameSync(staging, target);
  return target;
}
