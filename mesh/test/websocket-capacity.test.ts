import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policy } from '../policy.ts';
import { edgeConfig } from '../src/mesh/edge-config.ts';
import { sidecarConfig } from '../src/mesh/envoy-config.ts';

interface Thresholds {
  max_connections?: number;
  max_pending_requests?: number;
  max_requests?: number;
}
interface Cluster {
  name: string;
  circuit_breakers?: { thresholds?: Thresholds[] };
  typed_extension_protocol_options?: Record<string, { explicit_http_config?: { http2_protocol_options?: object } }>;
}

const clustersOf = (config: { static_resources: { clusters: unknown[] } }) => config.static_resources.clusters as Cluster[];
// Envoy's default is 1,024 of each; one instance must hold 10,000 idle chat sockets.
const socketsPerInstance = 10_000;

function assertRoomFor(cluster: Cluster | undefined, where: string): void {
  const thresholds = cluster?.circuit_breakers?.thresholds?.[0];
  assert.ok(thresholds, `${where} keeps Envoy's default circuit breakers`);
  for (const limit of ['max_connections', 'max_pending_requests', 'max_requests'] as const) {
    assert.ok((thresholds[limit] ?? 1024) >= socketsPerInstance, `${where}: ${limit} ${thresholds[limit]} < ${socketsPerInstance}`);
  }
}

describe('a service can hold more than 1,024 open WebSockets', () => {
  it("the edge's clusters to the services allow far more open streams than Envoy's default", () => {
    const clusters = clustersOf(edgeConfig(policy));
    for (const service of policy.workloads.filter((workload) => workload.kind === 'service')) {
      const cluster = clusters.find((candidate) => candidate.name === `to_${service.name}`);
      assertRoomFor(cluster, `edge -> ${service.name}`);
      const http2 = Boolean(Object.values(cluster?.typed_extension_protocol_options ?? {})[0]?.explicit_http_config?.http2_protocol_options);
      // Several instances: the sidecar places cookieless clients by their connection, so each client needs its own.
      assert.equal(http2, service.kind === 'service' && service.instanceSlots === 1, `edge -> ${service.name} over HTTP/2`);
    }
  });

  it("each service sidecar's cluster to its app allows them too, and its inbound accepts WebSockets over HTTP/2", () => {
    for (const service of policy.workloads.filter((workload) => workload.kind === 'service')) {
      const config = sidecarConfig(policy, service);
      assertRoomFor(clustersOf(config).find((candidate) => candidate.name === 'local_workload'), `${service.name} sidecar -> app`);
      assert.match(JSON.stringify(config), /"allow_connect":true/, `${service.name} sidecar turns WebSocket streams back into upgrades`);
    }
  });
});
