import type { Workload } from '../policy/define-policy.ts';

const loopback = '127.0.0.1';

/**
 * How Envoys find each other. Natively every workload shares the host's loopback, so a peer is
 * 127.0.0.1 at its own port from the policy. In compose each workload (app or store plus its
 * sidecar) is one network namespace, named by its compose service, so a peer is that host name
 * and inbound listeners bind every interface of the namespace. Within a workload (admin, the
 * app's outbound listeners, the app or store behind the sidecar) it stays loopback either way.
 */
export interface MeshAddressing {
  mode: 'native' | 'compose';
  /** Where listeners that other workloads reach (sidecar inbound, the edge's public port) bind. */
  exposedHost: string;
  /** Where a peer workload's sidecar is reached. */
  peerHost(target: Workload): string;
  /** Envoy cluster settings that go with peerHost: fixed addresses, or DNS names re-resolved as containers come and go. */
  peerClusterDiscovery: { type: 'STATIC' } | { type: 'STRICT_DNS'; dns_lookup_family: 'V4_ONLY' };
}

export const nativeAddressing: MeshAddressing = {
  mode: 'native',
  exposedHost: loopback,
  peerHost: () => loopback,
  peerClusterDiscovery: { type: 'STATIC' },
};

/** The compose service that owns a workload's network namespace: the app or store itself, or the edge. */
export function composeServiceName(workload: Workload): string {
  return workload.name;
}

export const composeAddressing: MeshAddressing = {
  mode: 'compose',
  exposedHost: '0.0.0.0',
  peerHost: composeServiceName,
  // STRICT_DNS re-resolves every few seconds, so a recreated container's new address is picked up.
  peerClusterDiscovery: { type: 'STRICT_DNS', dns_lookup_family: 'V4_ONLY' },
};

/** Loopback, the same in every mode: admin, outbound listeners, and the app or store behind a sidecar. */
export function loopbackAddress(port: number) {
  return { socket_address: { address: loopback, port_value: port } };
}
