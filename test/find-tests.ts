import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Node 20's test runner takes no globs, so the runners list test files themselves. */
export function findTestFiles(root: string, folders: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry === 'fixtures') continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.test.ts')) found.push(relative(root, path));
    }
  };
  for (const folder of folders) {
    try {
      walk(join(root, folder));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return found.sort();
}
