import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { repoRoot } from '../../mesh/src/paths.ts';
import { ensureTools } from '../../mesh/src/tools/bootstrap.ts';
import { ensureLocalCa } from '../../init/local-ca.ts';

describe('generated Envoy configs', () => {
  let envoy = '';
  before(async () => {
    envoy = (await ensureTools()).binaries.envoy!;
    // The edge config names the local CA's files, which init creates.
    ensureLocalCa();
  });

  // Native configs, and the compose ones whose peers are host names: validate mode sends the DNS
  // queries of STRICT_DNS clusters but neither waits for nor judges the answers (checked with
  // strace), so names that exist only inside a compose network still pass.
  for (const folder of ['envoy', 'envoy/compose']) {
    for (const file of readdirSync(join(repoRoot, folder)).filter((name) => name.endsWith('.yaml'))) {
      it(`${folder}/${file} passes envoy --mode validate`, () => {
        const result = spawnSync(envoy, ['--mode', 'validate', '-c', join(folder, file), '--log-level', 'error'], { cwd: repoRoot, encoding: 'utf8' });
        assert.equal(result.status, 0, result.stderr + result.stdout);
        assert.match(result.stdout, /OK/);
      });
    }
  }
});
