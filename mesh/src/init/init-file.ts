import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths.ts';

/** Reads a file the generator wrote into init/ (path relative to the repo root). */
export function readInitFile(path: string): string {
  const full = join(repoRoot, path);
  if (!existsSync(full)) throw new Error(`${path} is missing: run \`npm run generate\``);
  return readFileSync(full, 'utf8');
}
