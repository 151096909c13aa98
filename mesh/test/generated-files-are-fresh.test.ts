import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generatedFiles } from '../src/mesh/generated-files.ts';
import { repoRoot } from '../src/paths.ts';

describe('files generated from the mesh policy', () => {
  for (const [path, expected] of generatedFiles()) {
    it(`${path} is up to date (run npm run generate)`, () => {
      const full = join(repoRoot, path);
      assert.ok(existsSync(full), `${path} is missing`);
      assert.equal(readFileSync(full, 'utf8'), expected, `${path} is stale`);
    });
  }

  it('every generated file says what generated it', () => {
    for (const [path, content] of generatedFiles()) {
      // JSON has no comments: its notice is the first member, "//".
      const notice = path.endsWith('.json') ? String(JSON.parse(content)['//']) : content.replace(/^(# |-- )/, '');
      assert.match(notice, /^Generated from mesh\/policy\.ts by mesh\/src\/generate\.ts .*Do not edit: run `npm run generate`/, path);
    }
  });

  it('covers what init applies inside the stores', () => {
    const paths = [...generatedFiles().keys()].filter((path) => path.startsWith('init/'));
    assert.deepEqual(paths.sort(), ['init/cassandra-grants.cql', 'init/kafka-acls.json', 'init/kafka-topics.json', 'init/minio-policy.json', 'init/postgres-grants.sql', 'init/redis-users.acl']);
  });
});
