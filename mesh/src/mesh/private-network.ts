/**
 * Stores that speak only TCP (Kafka, Cassandra, MinIO, Jaeger) run natively, together with their
 * own sidecar, in a private network namespace: their ports exist only in there. From the host
 * they are unix sockets under the state folder, like Postgres's and Redis's own sockets: the
 * sidecar's mTLS listeners (for callers' sidecars), its admin API, and one operator socket the
 * launcher provisions through. Paths are relative to the state folder, every Envoy's working directory.
 */
import type { Policy, Workload } from '../policy/define-policy.ts';
import { storeUpstreams } from './store-upstreams.ts';

/** True for a store with no unix socket of its own (Kafka, and any store whose upstream is a port). */
export function hasPrivateNetwork(workload: Workload): boolean {
  if (workload.kind !== 'store') return false;
  if (workload.protocol === 'kafka') return true;
  const upstream = storeUpstreams[workload.name];
  return upstream !== undefined && 'port' in upstream;
}

export function privateNetworkStores(policy: Policy): Workload[] {
  return policy.workloads.filter(hasPrivateNetwork);
}

export const privateNetworkSockets = {
  /** The sidecar's mTLS inbound listener. */
  inbound: (store: string) => `run/mesh/${store}.sock`,
  /** Kafka: the mTLS listener dedicated to one client workload. */
  kafkaInbound: (client: string) => `run/mesh/kafka-for-${client}.sock`,
  admin: (store: string) => `run/mesh/${store}-admin.sock`,
  /** Plain (Cassandra: TLS) socket to the store itself, for the launcher and the operator; Jaeger: its query API. */
  operator: (store: string) => `run/${store}/operator.sock`,
};

/** The folders the sockets live in; they must exist before an Envoy binds in them. */
export const privateNetworkSocketDirs = (store: string) => ['run/mesh', `run/${store}`];
