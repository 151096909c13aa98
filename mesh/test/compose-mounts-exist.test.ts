import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../src/paths.ts';
import { composeFileNames, loadComposeFile } from './fixtures/compose-files.ts';

/** Host paths of a service's bind mounts (`./host:/container[:ro]`). */
function bindSources(volumes: string[] | undefined): string[] {
  return (volumes ?? []).map((volume) => volume.split(':')[0]!).filter((source) => source.startsWith('./'));
}

describe('files the compose files mount', () => {
  for (const file of composeFileNames) {
    const { services } = loadComposeFile(file);

    it(`${file}: every Envoy config it mounts exists and is a compose variant`, () => {
      const configs = Object.values(services).flatMap((service) => bindSources(service.volumes)).filter((source) => source.startsWith('./envoy/'));
      assert.ok(configs.length > 0);
      for (const config of configs) {
        assert.match(config, /^\.\/envoy\/compose\/[a-z]+\.yaml$/);
        assert.ok(existsSync(join(repoRoot, config)), `${config} is missing`);
      }
    });

    it(`${file}: every SPIRE config it mounts exists`, () => {
      const configs = Object.values(services).flatMap((service) => bindSources(service.volumes)).filter((source) => source.startsWith('./spire/'));
      assert.deepEqual(configs.sort(), ['./spire/compose/agent.conf', './spire/compose/server.conf']);
      for (const config of configs) assert.ok(existsSync(join(repoRoot, config)), `${config} is missing`);
    });
  }
});
