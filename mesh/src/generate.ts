/** `npm run generate`: rewrites every file derived from mesh/policy.ts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedFiles } from './mesh/generated-files.ts';
import { repoRoot } from './paths.ts';

for (const [path, content] of generatedFiles()) {
  mkdirSync(dirname(join(repoRoot, path)), { recursive: true });
  writeFileSync(join(repoRoot, path), content);
  process.stdout.write(`wrote ${path}\n`);
}
