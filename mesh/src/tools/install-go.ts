import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GoTool } from './manifest.ts';
import { progress, throttled } from './progress.ts';
import { runCommand } from './run-command.ts';

/**
 * Builds a Go tool from its module at the pinned version.
 * `go install pkg@version` is not used: it also asks the proxy for the module's version list
 * (refused by this machine's proxy) and ignores replace directives (Jaeger has one).
 * Building inside the downloaded module keeps its own go.mod, go.sum and replaces.
 */
export async function ensureGoTool(name: string, tool: GoTool, cacheDir: string): Promise<Record<string, string>> {
  const dir = join(cacheDir, `${name}-${tool.version}`);
  const bin = join(dir, 'bin');
  const binaries = Object.fromEntries(Object.keys(tool.binaries).map((binary) => [binary, join(bin, binary)]));
  if (existsSync(join(dir, '.complete')) && Object.values(binaries).every((path) => existsSync(path))) return binaries;

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(bin, { recursive: true });
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly', CGO_ENABLED: tool.cgo ? '1' : '0' };
  progress(name, `downloading module ${tool.module}@${tool.version}`);
  const download = JSON.parse(await runCommand('go', ['mod', 'download', '-json', `${tool.module}@${tool.version}`], { env })) as {
    Dir?: string;
    Error?: string;
  };
  if (!download.Dir) throw new Error(`go mod download ${tool.module}@${tool.version}: ${download.Error ?? 'no directory'}`);

  for (const [binary, pkg] of Object.entries(tool.binaries)) {
    const started = Date.now();
    const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;
    const report = throttled(5000);
    let modules = 0;
    progress(name, `resolving the packages of ${binary} (${pkg})`);
    // Listing the dependency graph also downloads every module it needs.
    const packages = (
      await runCommand('go', ['list', '-deps', pkg], {
        cwd: download.Dir,
        env,
        onLine: (line) => {
          if (line.startsWith('go: downloading')) {
            modules += 1;
            report(() => progress(name, `${binary}: ${modules} dependency modules downloaded, ${elapsed()}`));
          }
        },
      })
    ).split('\n').length;
    progress(name, `compiling ${binary}: ${packages} packages; the first build takes minutes`);
    let compiled = 0;
    // -v names each package as it is compiled, which gives a how-far figure.
    await runCommand('go', ['build', '-v', '-trimpath', '-o', join(bin, binary), pkg], {
      cwd: download.Dir,
      env,
      onLine: () => {
        compiled += 1;
        report(() => progress(name, `${binary}: compiled ${compiled}/${packages} packages (${Math.min(99, Math.round((100 * compiled) / packages))}%), ${elapsed()}`));
      },
    });
    progress(name, `built ${binary} in ${elapsed()}`);
  }
  writeFileSync(join(dir, '.complete'), new Date().toISOString());
  return binaries;
}
