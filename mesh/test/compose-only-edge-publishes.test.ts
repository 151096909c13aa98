import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeFileNames, loadComposeFile } from './fixtures/compose-files.ts';

describe('published ports in the compose files', () => {
  for (const file of composeFileNames) {
    it(`${file}: only the edge publishes a port`, () => {
      const publishing = Object.entries(loadComposeFile(file).services).filter(([, service]) => (service.ports ?? []).length > 0);
      assert.deepEqual(publishing.map(([name]) => name), ['edge']);
    });
  }

  it('dev publishes the edge on loopback only; prod on 443', () => {
    assert.deepEqual(loadComposeFile('docker-compose.yml').services.edge?.ports, ['127.0.0.1:8443:8443']);
    assert.deepEqual(loadComposeFile('docker-compose.prod.yml').services.edge?.ports, ['443:8443']);
  });
});
