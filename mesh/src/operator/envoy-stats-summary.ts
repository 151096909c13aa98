import { policy } from '../../policy.ts';
import { envoyAdminGet } from '../launcher/envoy-admin.ts';

interface EnvoyStat {
  name: string;
  value?: number;
}

/** The Envoy of a launcher process (`edge`, `sidecar-auth`), or undefined for a store or tool. */
export function envoyWorkloadOf(processName: string): string | undefined {
  if (processName === 'edge') return 'edge';
  return processName.startsWith('sidecar-') ? processName.slice('sidecar-'.length) : undefined;
}

/** Sums traffic stats only: the admin listener's own and the per-worker copies are left out. */
function sum(stats: EnvoyStat[], pattern: RegExp): number {
  return stats
    .filter((stat) => pattern.test(stat.name) && !/^(listener|http)\.admin\.|\.worker_\d+\./.test(stat.name))
    .reduce((total, stat) => total + (stat.value ?? 0), 0);
}

/** One line from an Envoy's admin stats: open and total downstream connections, requests and 5xx. */
export async function envoyStatsSummary(workloadName: string, timeoutMs = 3000): Promise<string> {
  const response = await envoyAdminGet(policy.workload(workloadName), '/stats?format=json', timeoutMs);
  const { stats } = JSON.parse(response.body) as { stats: EnvoyStat[] };
  const open = sum(stats, /^listener\..*\.downstream_cx_active$/);
  const total = sum(stats, /^listener\..*\.downstream_cx_total$/);
  const parts = [`conns ${open} open/${total}`];
  const requests = sum(stats, /^http\.[^.]+\.downstream_rq_total$/);
  // Only HTTP connection managers (inbound, to_*) count requests; a TCP-only sidecar has none.
  if (stats.some((stat) => /^http\.(inbound|to_\w+|edge)\.downstream_rq_total$/.test(stat.name))) {
    parts.push(`req ${requests}`, `5xx ${sum(stats, /^http\.[^.]+\.downstream_rq_5xx$/)}`);
  }
  const failedUpstream = sum(stats, /^cluster\.to_[^.]+\.upstream_cx_connect_fail$/);
  if (failedUpstream > 0) parts.push(`upstream connect failures ${failedUpstream}`);
  return parts.join(', ');
}
