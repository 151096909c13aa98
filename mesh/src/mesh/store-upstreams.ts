import { storePorts } from '../launcher/ports.ts';
import type { Policy, Workload } from '../policy/define-policy.ts';

/**
 * Where each store's own sidecar forwards: a unix socket where the store supports one (so no
 * TCP port is left to bypass the mesh), else a loopback port. Socket paths are relative to the
 * state folder, which is every sidecar's working directory.
 */
export type StoreUpstream = { unixSocket: string } | { port: number };

export const storeUpstreams: Record<string, StoreUpstream> = {
  postgres: { unixSocket: 'run/postgres/.s.PGSQL.15432' },
  redis: { unixSocket: 'run/redis/redis.sock' },
  cassandra: { port: storePorts.cassandraNative },
  minio: { port: storePorts.minio },
  jaeger: { port: storePorts.jaegerOtlpHttp },
};

/**
 * Where the operator socket of a store in a private network leads (see private-network.ts): the
 * store's own admin-capable port (Kafka's inter-broker listener, which takes the admin login), or
 * for Jaeger its query API.
 */
export const operatorUpstreamPorts: Record<string, number> = {
  kafka: storePorts.kafkaClient,
  cassandra: storePorts.cassandraNative,
  minio: storePorts.minio,
  jaeger: storePorts.jaegerQuery,
};

/** The socket path (relative to the state folder) of a store that listens on a unix socket. */
export function storeUpstreamSocket(store: string): string {
  const upstream = storeUpstreams[store];
  if (!upstream || !('unixSocket' in upstream)) throw new Error(`${store} does not listen on a unix socket`);
  return upstream.unixSocket;
}

/** Kafka: one broker listener per client workload, advertised at that client's own sidecar. */
export interface KafkaClientListener {
  client: string;
  /** Listener name in server.properties. */
  listenerName: string;
  /** Where the broker listens (Kafka's sidecar forwards here). */
  brokerPort: number;
  /** What the broker advertises: the client's outbound port on its own sidecar. */
  advertisedPort: number;
  /** Kafka's sidecar accepts this client's SVID only on this port. */
  sidecarPort: number;
}

export const kafkaBrokerPortBase = 19100;

export function kafkaClientListeners(policy: Policy): KafkaClientListener[] {
  const kafka = policy.workloads.find((workload): workload is Workload & { kind: 'store' } => workload.kind === 'store' && workload.protocol === 'kafka');
  if (!kafka) return [];
  return policy.callersOf(kafka).map((allowance, position) => ({
    client: allowance.from.name,
    listenerName: `MESH_${allowance.from.name.toUpperCase()}`,
    brokerPort: kafkaBrokerPortBase + position,
    advertisedPort: policy.outboundPort(allowance.from, kafka),
    sidecarPort: policy.kafkaInboundPort(allowance.from),
  }));
}
