import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policy } from '../policy.ts';
import { definePolicy } from '../src/policy/define-policy.ts';
import { kafkaClientListeners } from '../src/mesh/store-upstreams.ts';

const minimal = {
  trustDomain: 'lynk.internal',
  svidTtlSeconds: 300,
  workloads: {
    auth: { kind: 'service' as const, spiffePath: 'service/auth', appPort: 3001 },
    postgres: { kind: 'store' as const, spiffePath: 'data/postgres', protocol: 'tcp' as const },
  },
};

describe('mesh policy', () => {
  it('gives every listener of every workload its own port', () => {
    const ports = new Map<number, string>();
    const claim = (port: number, owner: string) => {
      assert.ok(!ports.has(port), `${owner} and ${ports.get(port)} both want port ${port}`);
      ports.set(port, owner);
    };
    for (const workload of policy.workloads) {
      claim(policy.adminPort(workload), `${workload.name} admin`);
      if (policy.callersOf(workload).length > 0) claim(policy.inboundPort(workload), `${workload.name} inbound`);
      for (const allowance of policy.targetsOf(workload)) claim(policy.outboundPort(workload, allowance.to), `${workload.name} -> ${allowance.to.name}`);
    }
    for (const listener of kafkaClientListeners(policy)) claim(listener.sidecarPort, `kafka inbound for ${listener.client}`);
  });

  it('derives SPIFFE IDs from the trust domain', () => {
    assert.equal(policy.workload('auth').spiffeId, 'spiffe://lynk.internal/service/auth');
    assert.equal(policy.workload('postgres').spiffeId, 'spiffe://lynk.internal/data/postgres');
  });

  it('lets only media call message /internal/', () => {
    const internalCallers = policy.callersOf(policy.workload('message')).filter((allowance) => allowance.paths?.some((path) => path.startsWith('/internal')));
    assert.deepEqual(internalCallers.map((allowance) => allowance.from.name), ['media']);
  });

  it('refuses a rule naming an unknown workload', () => {
    assert.throws(() => definePolicy({ ...minimal, allow: [{ from: 'auth', to: 'ledger' }] }), /unknown workload ledger/);
  });

  it('refuses a store that calls out', () => {
    assert.throws(() => definePolicy({ ...minimal, allow: [{ from: 'postgres', to: 'auth' }] }), /stores do not call out/);
  });

  it('refuses a Kafka grant on a topic pattern that matches no topic', () => {
    const kafka = { kind: 'store' as const, spiffePath: 'data/kafka', protocol: 'kafka' as const };
    const storeAccess = { kafka: { topics: ['user.created'], partitions: 1, replicationFactor: 1, grants: { auth: { produce: ['users.*'] } } } };
    assert.throws(
      () => definePolicy({ ...minimal, workloads: { ...minimal.workloads, kafka }, allow: [{ from: 'auth', to: 'kafka' }], storeAccess }),
      /names users\.\*, which matches no topic/,
    );
  });

  it('refuses a service that may reach a store but is granted nothing in it', () => {
    const storeAccess = { postgres: { databases: [], runtimePrivileges: { tables: ['SELECT' as const], sequences: [] } } };
    assert.throws(() => definePolicy({ ...minimal, allow: [{ from: 'auth', to: 'postgres' }], storeAccess }), /auth may reach postgres but storeAccess\.postgres grants it nothing/);
  });

  it('refuses store grants to a workload that is not a service', () => {
    const storeAccess = { postgres: { databases: ['postgres'], runtimePrivileges: { tables: [], sequences: [] } } };
    assert.throws(() => definePolicy({ ...minimal, allow: [], storeAccess }), /storeAccess\.postgres names postgres, which is not a service/);
  });

  it('names the bad field of a malformed policy', () => {
    assert.throws(() => definePolicy({ ...minimal, trustDomain: 'Not A Domain', allow: [] }), /mesh policy is invalid at trustDomain/);
  });
});
