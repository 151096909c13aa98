import { join } from 'node:path';
import { policy } from '../../policy.ts';
import { hasPrivateNetwork, privateNetworkSockets } from '../mesh/private-network.ts';
import type { Workload } from '../policy/define-policy.ts';
import { stateDir } from '../paths.ts';
import { getOverSocket } from './operator-sockets.ts';
import { loopback } from './ports.ts';

/** Where an Envoy's admin API is: a unix socket for a sidecar in a store's private network, else its loopback port. */
export function envoyAdminLocation(workload: Workload): string {
  return hasPrivateNetwork(workload) ? join(stateDir, privateNetworkSockets.admin(workload.name)) : `http://${loopback}:${policy.adminPort(workload)}`;
}

/** A GET on an Envoy's admin API (the edge or any sidecar). */
export async function envoyAdminGet(workload: Workload, path: string, timeoutMs = 2000): Promise<{ status: number; body: string }> {
  if (hasPrivateNetwork(workload)) return getOverSocket(envoyAdminLocation(workload), path, timeoutMs);
  const response = await fetch(`${envoyAdminLocation(workload)}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: await response.text() };
}
