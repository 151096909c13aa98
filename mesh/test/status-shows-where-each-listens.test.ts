import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataLayer } from '../src/stores/data-layer.ts';

describe('npm run status', () => {
  it('can say for every process where it listens: loopback ports, or where else', () => {
    const unsaid = dataLayer.filter((process) => process.ports.length === 0 && !process.listens).map((process) => process.name);
    assert.deepEqual(unsaid, []);
    const byName = new Map(dataLayer.map((process) => [process.name, process]));
    assert.equal(byName.get('postgres')?.listens, 'unix socket only');
    assert.equal(byName.get('kafka')?.listens, 'own network namespace');
  });
});
