import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { policy } from '../../mesh/policy.ts';
import { readCredentials, type Credentials } from '../../mesh/src/launcher/credentials.ts';
import { loopback, storePorts } from '../../mesh/src/launcher/ports.ts';
import { storeUpstreamSocket } from '../../mesh/src/mesh/store-upstreams.ts';
import { stateDir } from '../../mesh/src/paths.ts';

/** Credentials the launcher generated at first init; the tests log in exactly as services will. */
export function credentials(): Credentials {
  return readCredentials();
}

/** A name no other test (or earlier run) uses, so tests never depend on each other. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/** A service reaches a store or another service only through its own sidecar's outbound port. */
export function throughSidecar(caller: string, target: string): { host: string; port: number } {
  return { host: loopback, port: policy.outboundPort(policy.workload(caller), policy.workload(target)) };
}

/**
 * What the launcher (the operator) uses to provision stores, bypassing the mesh on purpose: unix
 * sockets only. Kafka, Cassandra, MinIO and Jaeger live in private network namespaces and are
 * reached through their sidecar's operator socket (mesh/src/launcher/operator-sockets.ts).
 */
export const operatorEndpoints = {
  postgresSocketDir: join(stateDir, storeUpstreamSocket('postgres').replace(/\/[^/]+$/, '')),
  postgresPort: storePorts.postgres,
  redisSocket: join(stateDir, storeUpstreamSocket('redis')),
  /** The broker advertises its in-namespace address; the operator socket factory sends every connection to the socket anyway. */
  kafkaBrokers: [`${loopback}:${storePorts.kafkaClient}`],
  cassandra: `${loopback}:${storePorts.cassandraNative}`,
};
