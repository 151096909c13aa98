import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { repoRoot } from '../paths.ts';

const debianTool = z.object({
  kind: z.literal('debian'),
  package: z.string(),
  versionPrefix: z.string(),
  resolved: z.string(),
  binaries: z.record(z.string(), z.string()),
});
const mavenTool = z.object({
  kind: z.literal('maven'),
  version: z.string(),
  artifacts: z.array(z.string().regex(/^[^:]+:[^:]+:[^:]+$/)).min(1),
});
const goTool = z.object({
  kind: z.literal('go'),
  module: z.string(),
  version: z.string().startsWith('v'),
  cgo: z.boolean().default(false),
  binaries: z.record(z.string(), z.string()),
});
const pypiTool = z.object({
  kind: z.literal('pypi'),
  package: z.string(),
  version: z.string(),
  binaries: z.record(z.string(), z.string()),
});

export const toolSpec = z.discriminatedUnion('kind', [debianTool, mavenTool, goTool, pypiTool]);
export type ToolSpec = z.infer<typeof toolSpec>;
export type DebianTool = z.infer<typeof debianTool>;
export type MavenTool = z.infer<typeof mavenTool>;
export type GoTool = z.infer<typeof goTool>;
export type PypiTool = z.infer<typeof pypiTool>;

export const toolNames = ['postgresql', 'redis', 'kafka', 'cassandra', 'minio', 'mc', 'jaeger', 'spire', 'envoy'] as const;
export type ToolName = (typeof toolNames)[number];

const manifestSchema = z.object({
  tools: z.object(Object.fromEntries(toolNames.map((name) => [name, toolSpec])) as Record<ToolName, typeof toolSpec>),
  /** Tools only tests use; each is installed on demand by its helper in test/support, never by ensureTools. */
  testTools: z.object({ 'docker-compose': goTool }),
});

export type ToolManifest = z.infer<typeof manifestSchema>;

export const manifestPath = join(repoRoot, 'mesh', 'tools.json');

export function loadToolManifest(path = manifestPath): ToolManifest {
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`tool manifest ${path} is invalid at ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}
