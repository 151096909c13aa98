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
  it("the edge's clusters to the services allow far more open streams than Envoy's default, over HTTP/2", () => {
    const clusters = clustersOf(edgeConfig(policy));
    for (const service of policy.workloads.filter((workload) => workload.kind === 'service')) {
      const cluster = clusters.find((candidate) => candidate.name === `to_${service.name}`);
      assertRoomFor(cluster, `edge -> ${service.name}`);
      const options = Object.values(cluster?.typed_extension_protocol_options ?? {})[0];
      assert.ok(options?.explicit_http_config?.http2_protocol_options, `edge -> ${service.name} speaks HTTP/2, so sockets share connections`);
    }
  });

  it("each service sidecar's cluster to its app allows them too, and its inbound accepts WebSockets over HTTP/2", () => {
    for (const service of policy.workloads.filter((workload) => workload.kind === 'service')) {
      const config = sidecarConfig(policy, service);
      assertRoomFor(clustersOf(config).find((candidate) => candidate.name === 'local_workload'), `${service.name} sidecar -> app`);
      assert.match(JSON.stringify(config), /"allow_connect":true/, `${service.name} sidecar turns WebSocket streams back into upgrades`);
    }
  });

  it('a multi-instance sidecar places clients by the cookie they send, else by their address, never by the shared connection from the edge', () => {
    const message = policy.workload('message');
    const text = JSON.stringify(sidecarConfig(policy, message));
    const hashPolicy = /"hash_policy":(\[[^\]]*\])/.exec(text)?.[1];
    assert.deepEqual(JSON.parse(hashPolicy ?? '[]'), [{ cookie: { name: 'lynk-instance' }, terminal: true }, { header: { header_name: 'x-forwarded-for' } }]);
  });
});
