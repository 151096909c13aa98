import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policy } from '../policy.ts';
import { workloadLabel } from '../src/compose/spire-compose.ts';
import { composeFileNames, loadComposeFile } from './fixtures/compose-files.ts';

describe('sidecars in the compose files', () => {
  for (const file of composeFileNames) {
    const { services } = loadComposeFile(file);

    it(`${file}: every workload's sidecar shares its app's or store's network namespace`, () => {
      for (const workload of policy.workloads.filter((entry) => entry.kind !== 'edge')) {
        const sidecar = services[`${workload.name}-sidecar`];
        assert.ok(sidecar, `no sidecar for ${workload.name}`);
        assert.equal(sidecar.network_mode, `service:${workload.name}`);
        assert.ok(services[workload.name], `no service ${workload.name} owns the namespace`);
        // network_mode excludes networks and ports of its own.
        assert.equal(sidecar.networks, undefined);
        assert.equal(sidecar.ports, undefined);
      }
    });

    it(`${file}: every Envoy but the edge is a sidecar, labelled with its workload for SPIRE`, () => {
      const envoys = Object.entries(services).filter(([, service]) => service.image.startsWith('envoyproxy/envoy:'));
      for (const [name, service] of envoys) {
        const workload = service.labels?.[workloadLabel];
        assert.ok(workload, `${name} has no ${workloadLabel} label`);
        if (name === 'edge') assert.equal(service.network_mode, undefined);
        else assert.equal(name, `${workload}-sidecar`);
      }
      assert.equal(envoys.length, policy.workloads.length);
      // The label is the identity: nothing but an Envoy may carry it.
      for (const [name, service] of Object.entries(services)) {
        if (!service.image.startsWith('envoyproxy/envoy:')) assert.equal(service.labels?.[workloadLabel], undefined, name);
      }
    });
  }
});
