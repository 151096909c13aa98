import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MavenTool } from './manifest.ts';
import { formatBytes, progress } from './progress.ts';
import { runCommand } from './run-command.ts';

function pomFor(name: string, tool: MavenTool): string {
  const dependencies = tool.artifacts
    .map((coordinate) => {
      const [groupId, artifactId, version] = coordinate.split(':');
      return `<dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
    })
    .join('\n    ');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>lynk.tools</groupId>
  <artifactId>${name}</artifactId>
  <version>${tool.version}</version>
  <dependencies>
    ${dependencies}
  </dependencies>
</project>
`;
}

/** Resolves the pinned jars and their runtime dependencies from Maven Central into `<cache>/lib`. */
export async function ensureMavenTool(name: string, tool: MavenTool, cacheDir: string): Promise<{ classpathDir: string }> {
  const dir = join(cacheDir, `${name}-${tool.version}`);
  const lib = join(dir, 'lib');
  if (existsSync(join(dir, '.complete'))) return { classpathDir: lib };

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pom.xml'), pomFor(name, tool));
  progress(name, `resolving ${tool.artifacts.join(', ')} and dependencies from Maven Central`);
  let downloaded = 0;
  await runCommand(
    'mvn',
    ['-B', '-f', join(dir, 'pom.xml'), 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${lib}.partial`],
    {
      onLine: (line) => {
        const match = /Downloaded from \S+: \S+\/([^/\s]+) \(([^)]+)\)/.exec(line);
        if (match) {
          downloaded += 1;
          progress(name, `downloaded #${downloaded} ${match[1]} (${match[2]})`);
        }
      },
    },
  );
  renameSync(`${lib}.partial`, lib);
  const jars = readdirSync(lib);
  const total = jars.reduce((sum, jar) => sum + statSync(join(lib, jar)).size, 0);
  progress(name, `ready: ${jars.length} jars, ${formatBytes(total)}`);
  writeFileSync(join(dir, '.complete'), new Date().toISOString());
  return { classpathDir: lib };
}
