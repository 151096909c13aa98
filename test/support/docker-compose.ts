import { ensureGoTool } from '../../mesh/src/tools/install-go.ts';
import { loadToolManifest } from '../../mesh/src/tools/manifest.ts';
import { toolsCacheDir } from '../../mesh/src/paths.ts';

/**
 * The Compose CLI plugin pinned in mesh/tools.json (testTools), built from its Go module into the
 * tool cache on first use (a few minutes), reused after. Run on its own, `docker-compose config`
 * loads, interpolates and validates a compose file without a Docker engine.
 */
export async function ensureDockerCompose(): Promise<string> {
  const binaries = await ensureGoTool('docker-compose', loadToolManifest().testTools['docker-compose'], toolsCacheDir);
  return binaries['docker-compose']!;
}
