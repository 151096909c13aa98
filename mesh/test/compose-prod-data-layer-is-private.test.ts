import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policy } from '../policy.ts';
import { loadComposeFile } from './fixtures/compose-files.ts';

describe('docker-compose.prod.yml networks', () => {
  const prod = loadComposeFile('docker-compose.prod.yml');
  const stores = policy.workloads.filter((workload) => workload.kind === 'store');

  it('has an internal-only private network next to public and bridge', () => {
    assert.deepEqual(Object.keys(prod.networks ?? {}).sort(), ['bridge', 'private', 'public']);
    assert.equal(prod.networks?.private?.internal, true);
    assert.notEqual(prod.networks?.public?.internal, true);
  });

  for (const store of stores) {
    it(`puts ${store.name} on the private network only`, () => {
      const service = prod.services[store.name];
      assert.ok(service, `no service ${store.name}`);
      assert.deepEqual(service.networks, ['private']);
      assert.equal(service.ports, undefined);
    });
  }

  it('keeps the services and the edge off the private network unless they call a store, and only the edge on public', () => {
    for (const [name, service] of Object.entries(prod.services)) {
      if (service.networks?.includes('public')) assert.equal(name, 'edge');
    }
    for (const workload of policy.workloads.filter((entry) => entry.kind !== 'store')) {
      const callsStore = policy.targetsOf(workload).some((allowance) => allowance.to.kind === 'store');
      assert.equal(prod.services[workload.name]?.networks?.includes('private'), callsStore, workload.name);
    }
  });
});
