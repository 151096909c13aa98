import { existsSync } from 'node:fs';
import type { DebianTool } from './manifest.ts';
import { progress } from './progress.ts';
import { runCommand } from './run-command.ts';

async function installedVersion(pkg: string): Promise<string | undefined> {
  try {
    const out = await runCommand('dpkg-query', ['-W', '-f=${Status} ${Version}', pkg]);
    const match = /^install ok installed (.+)$/.exec(out.trim());
    return match?.[1];
  } catch {
    return undefined;
  }
}

/** Installs a Debian package when missing; refuses a version outside the pinned major. */
export async function ensureDebianTool(name: string, tool: DebianTool): Promise<Record<string, string>> {
  let version = await installedVersion(tool.package);
  if (!version) {
    if (process.getuid?.() !== 0) {
      throw new Error(`${tool.package} is not installed; run: sudo apt-get install -y ${tool.package}`);
    }
    progress(name, `installing Debian package ${tool.package} (pinned ${tool.resolved})`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await runCommand('apt-get', ['update', '-q'], { env, onLine: (line) => progress(name, `apt: ${line}`) });
    await runCommand('apt-get', ['install', '-y', '-q', '--no-install-recommends', tool.package], {
      env,
      onLine: (line) => {
        if (/^(Get:|Need to get|Unpacking|Setting up)/.test(line)) progress(name, `apt: ${line}`);
      },
    });
    version = await installedVersion(tool.package);
  }
  if (!version?.startsWith(tool.versionPrefix)) {
    throw new Error(`${tool.package} ${version ?? 'missing'} does not match the pinned ${tool.versionPrefix}x`);
  }
  for (const [binary, path] of Object.entries(tool.binaries)) {
    if (!existsSync(path)) throw new Error(`${tool.package} is installed but ${binary} is missing at ${path}`);
  }
  return tool.binaries;
}
