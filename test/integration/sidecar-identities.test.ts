import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policy } from '../../mesh/policy.ts';
import { sidecarCertificates } from '../../mesh/src/stores/sidecar.ts';

describe('each sidecar holds only its own SVID', () => {
  for (const workload of policy.workloads.filter((entry) => entry.kind !== 'edge')) {
    it(`${workload.name}'s sidecar serves ${workload.spiffeId} and no other identity`, async () => {
      const certificates = await sidecarCertificates(workload);
      assert.ok(certificates.length > 0, 'it has a certificate');
      assert.deepEqual([...new Set(certificates.map((certificate) => certificate.uri))], [workload.spiffeId]);
    });
  }
});
