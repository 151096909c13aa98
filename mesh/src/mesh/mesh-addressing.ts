import type { Workload } from '../policy/define-policy.ts';
import { hasPrivateNetwork } from './private-network.ts';

const loopback = '127.0.0.1';

/**
 * How Envoys find each other. Natively the services and Postgres and Redis share the host's
 * loopback, so a peer is 127.0.0.1 at its own port from the policy; a store in a private network
 * namespace (mesh/private-network.ts) is a unix socket instead. In compose each workload (app or
 * store plus its sidecar) is one network namespace, named by its compose service, so a peer is
 * that host name and inbound listeners bind every interface of the namespace. Within a workload
 * (the app's outbound listeners, the app or store behind the sidecar) it stays loopback either way.
 */
export interface MeshAddressing {
  mode: 'native' | 'compose';
  /** Where listeners that other workloads reach (sidecar inbound, the edge's public port) bind. */
  exposedHost: string;
  /** Envoy cluster settings that go with peerAddress: fixed addresses, or DNS names re-resolved as containers come and go. */
  peerClusterDiscovery: { type: 'STATIC' } | { type: 'STRICT_DNS'; dns_lookup_family: 'V4_ONLY' };
  /** Where a listener other workloads reach binds: at `port`, or natively for a store in a private network at `socket`. */
  listenerAddress(workload: Workload, port: number, socket: string): EnvoyAddress;
  /** Where a peer's listener is reached (the counterpart of listenerAddress). */
  peerAddress(target: Workload, port: number, socket: string): EnvoyAddress;
  /** The Envoy admin API: loopback, or natively for a store in a private network a socket. */
  adminAddress(workload: Workload, port: number, socket: string): EnvoyAddress;
}

export type EnvoyAddress = { socket_address: { address: string; port_value: number } } | { pipe: { path: string; mode?: number } };

/** A unix socket an Envoy listens on; only its own user may connect (callers' sidecars run as that user). */
export function listeningPipe(path: string): EnvoyAddress {
  return { pipe: { path, mode: 0o600 } };
}

export const nativeAddressing: MeshAddressing = {
  mode: 'native',
  exposedHost: loopback,
  peerClusterDiscovery: { type: 'STATIC' },
  listenerAddress: (workload, port, socket) => (hasPrivateNetwork(workload) ? listeningPipe(socket) : loopbackAddress(port)),
  peerAddress: (target, port, socket) => (hasPrivateNetwork(target) ? { pipe: { path: socket } } : loopbackAddress(port)),
  adminAddress: (workload, port, socket) => (hasPrivateNetwork(workload) ? listeningPipe(socket) : loopbackAddress(port)),
};

/** The compose service that owns a workload's network namespace: the app or store itself, or the edge. */
export function composeServiceName(workload: Workload): string {
  return workload.name;
}

export const composeAddressing: MeshAddressing = {
  mode: 'compose',
  exposedHost: '0.0.0.0',
  // STRICT_DNS re-resolves every few seconds, so a recreated container's new address is picked up.
  peerClusterDiscovery: { type: 'STRICT_DNS', dns_lookup_family: 'V4_ONLY' },
  // Each container is its own namespace already: ports, as before.
  listenerAddress: (_workload, port) => ({ socket_address: { address: '0.0.0.0', port_value: port } }),
  peerAddress: (target, port) => ({ socket_address: { address: composeServiceName(target), port_value: port } }),
  adminAddress: (_workload, port) => loopbackAddress(port),
};

/** Loopback, the same in every mode: admin, outbound listeners, and the app or store behind a sidecar. */
export function loopbackAddress(port: number): { socket_address: { address: string; port_value: number } } {
  return { socket_address: { address: loopback, port_value: port } };
}
