import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toolsCacheDir } from '../../mesh/src/paths.ts';

const run = promisify(execFile);

/** The TLS scanner the tests install: sslyze from PyPI, pinned, in its own venv in the tool cache. */
export const sslyzeVersion = '6.3.1';

/** Returns the venv's python; installs on first use (about 10 s), reuses the cache after. */
export async function ensureSslyze(): Promise<string> {
  const dir = join(toolsCacheDir, `sslyze-${sslyzeVersion}`);
  const python = join(dir, 'venv', 'bin', 'python');
  if (existsSync(join(dir, '.complete'))) return python;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.stdout.write(`[tools] sslyze: installing sslyze==${sslyzeVersion} from PyPI into ${dir}\n`);
  await run('python3', ['-m', 'venv', join(dir, 'venv')]);
  await run(join(dir, 'venv', 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `sslyze==${sslyzeVersion}`]);
  writeFileSync(join(dir, '.complete'), new Date().toISOString());
  return python;
}
