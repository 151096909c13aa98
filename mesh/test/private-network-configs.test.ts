import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policy } from '../policy.ts';
import { definePolicy } from '../src/policy/define-policy.ts';
import { edgeConfig } from '../src/mesh/edge-config.ts';
import { sidecarConfig } from '../src/mesh/envoy-config.ts';
import { composeAddressing } from '../src/mesh/mesh-addressing.ts';
import { hasPrivateNetwork, privateNetworkStores } from '../src/mesh/private-network.ts';

type Address = { socket_address?: { address: string; port_value: number }; pipe?: { path: string } };
interface Config {
  admin: { address: Address };
  static_resources: {
    listeners: Array<{ name: string; address: Address }>;
    clusters: Array<{ name: string; load_assignment?: { endpoints: Array<{ lb_endpoints: Array<{ endpoint: { address: Address } }> }> } }>;
  };
}

const clusterAddress = (config: Config, name: string) => config.static_resources.clusters.find((cluster) => cluster.name === name)?.load_assignment?.endpoints[0]?.lb_endpoints[0]?.endpoint.address;

describe('stores in a private network namespace', () => {
  it('are exactly the stores without a unix socket of their own', () => {
    assert.deepEqual(privateNetworkStores(policy).map((store) => store.name), ['kafka', 'cassandra', 'minio', 'jaeger']);
    assert.ok(!hasPrivateNetwork(policy.workload('postgres')) && !hasPrivateNetwork(policy.workload('auth')));
  });

  it('natively, their sidecars bind only unix sockets: every listener and the admin API', () => {
    for (const store of privateNetworkStores(policy)) {
      const config = sidecarConfig(policy, store) as Config;
      assert.ok(config.admin.address.pipe, `${store.name} admin is a socket`);
      assert.ok(config.static_resources.listeners.length > 0);
      for (const listener of config.static_resources.listeners) assert.ok(listener.address.pipe, `${store.name} ${listener.name} is a socket`);
      assert.ok(config.static_resources.listeners.some((listener) => listener.name === 'operator'), `${store.name} has an operator socket`);
    }
  });

  it("natively, every caller's sidecar and the edge dial them at their socket", () => {
    for (const caller of policy.workloads) {
      const config = (caller.kind === 'edge' ? edgeConfig(policy) : sidecarConfig(policy, caller)) as Config;
      for (const allowance of policy.targetsOf(caller).filter((entry) => hasPrivateNetwork(entry.to))) {
        const address = clusterAddress(config, `to_${allowance.to.name}`);
        assert.ok(address?.pipe, `${caller.name} -> ${allowance.to.name} is a socket, got ${JSON.stringify(address)}`);
      }
    }
  });

  it('in compose each container is its namespace already: ports as before, and no operator socket', () => {
    const cassandra = sidecarConfig(policy, policy.workload('cassandra'), composeAddressing) as Config;
    assert.deepEqual(cassandra.static_resources.listeners.map((listener) => listener.address.socket_address?.address), ['0.0.0.0']);
    assert.equal(clusterAddress(sidecarConfig(policy, policy.workload('message'), composeAddressing) as Config, 'to_cassandra')?.socket_address?.address, 'cassandra');
  });
});

describe('sidecar-only allowances', () => {
  const workloads = {
    auth: { kind: 'service' as const, spiffePath: 'service/auth', appPort: 3001 },
    minio: { kind: 'store' as const, spiffePath: 'data/minio', protocol: 'http' as const },
    jaeger: { kind: 'store' as const, spiffePath: 'data/jaeger', protocol: 'http' as const },
  };

  it('a store still may not call out, unless only its sidecar does', () => {
    assert.throws(() => definePolicy({ trustDomain: 'lynk.internal', svidTtlSeconds: 300, workloads, allow: [{ from: 'minio', to: 'jaeger' }] }), /stores do not call out/);
    const allowed = definePolicy({ trustDomain: 'lynk.internal', svidTtlSeconds: 300, workloads, allow: [{ from: 'minio', to: 'jaeger', sidecarOnly: true }] });
    assert.equal(allowed.targetsOf(allowed.workload('minio'))[0]?.sidecarOnly, true);
  });

  it("gives MinIO's sidecar a tracer and a cluster to Jaeger, but no listener MinIO could use", () => {
    const config = sidecarConfig(policy, policy.workload('minio')) as Config;
    assert.deepEqual(config.static_resources.listeners.map((listener) => listener.name).sort(), ['inbound', 'operator']);
    assert.ok(clusterAddress(config, 'to_jaeger')?.pipe);
    assert.match(JSON.stringify(config), /"service_name":"minio-sidecar"/);
  });
});
