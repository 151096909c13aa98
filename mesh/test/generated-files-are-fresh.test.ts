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
    for (const content of generatedFiles().values()) assert.match(content, /^# Generated from mesh\/policy\.ts by mesh\/src\/generate\.ts/);
  });
});
