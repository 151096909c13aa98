import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { repoRoot } from '../../../mesh/src/paths.ts';
import { kidOf } from '../../support/access-token-parts.ts';
import { signUp } from '../../support/auth-users.ts';
import { callEdge } from '../../support/edge-client.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('auth: signing key rotation', () => {
  it('after a rotation new tokens use the new key, and tokens of the old key stay valid until they expire', async () => {
    const before = await signUp('Before Rotation');
    const oldKid = kidOf(before.accessToken);
    const rotation = spawnSync(process.execPath, ['--import', 'tsx', 'mesh/src/cli.ts', 'rotate-auth-keys'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(rotation.status, 0, rotation.stderr);
    const newKid = /new signing key (\S+)/.exec(rotation.stdout)?.[1];
    assert.ok(newKid && newKid !== oldKid);

    // Auth re-reads its key table within seconds.
    let after = await signUp('After Rotation');
    for (let attempt = 0; attempt < 20 && kidOf(after.accessToken) !== newKid; attempt++) {
      await sleep(500);
      after = await signUp('After Rotation');
    }
    assert.equal(kidOf(after.accessToken), newKid);

    const jwks = await callEdge<{ keys: { kid: string; alg: string; kty: string; d?: string }[] }>('GET', '/.well-known/jwks.json');
    assert.equal(jwks.status, 200);
    const kids = jwks.body.keys.map((key) => key.kid);
    assert.ok(kids.includes(oldKid) && kids.includes(newKid), `both keys published: ${kids.join(', ')}`);
    assert.ok(jwks.body.keys.every((key) => key.alg === 'ES256' && key.kty === 'EC' && key.d === undefined), 'public halves only');

    assert.equal((await callEdge('GET', '/api/auth/me', { token: before.accessToken })).status, 200, 'the old token still works');
    assert.equal((await callEdge('GET', '/api/auth/me', { token: after.accessToken })).status, 200);
  });
});
