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
    const newKid = /new signing key (\S+) is published/.exec(rotation.stdout)?.[1];
    assert.ok(newKid && newKid !== oldKid);

    // The new key is published first and signs only once every verifier's JWKS cache can hold it.
    const publishedKids = async () => (await callEdge<{ keys: { kid: string }[] }>('GET', '/.well-known/jwks.json')).body.keys.map((key) => key.kid);
    for (let attempt = 0; attempt < 30 && !(await publishedKids()).includes(newKid); attempt++) await sleep(250);
    assert.ok((await publishedKids()).includes(newKid), 'published within auth\'s key cache time');
    let refreshed = await callEdge<{ accessToken: string; refreshToken: string }>('POST', '/api/auth/token/refresh', { json: { refreshToken: before.refreshToken } });
    assert.equal(kidOf(refreshed.body.accessToken), oldKid, 'the old key still signs right after the rotation');
    const deadline = Date.now() + 60_000;
    while (kidOf(refreshed.body.accessToken) !== newKid && Date.now() < deadline) {
      await sleep(1000);
      refreshed = await callEdge('POST', '/api/auth/token/refresh', { json: { refreshToken: refreshed.body.refreshToken } });
    }
    assert.equal(kidOf(refreshed.body.accessToken), newKid, 'the new key signs after its publication lead');
    // The edge knew the new key before its first token: a protected route accepts that token at once.
    assert.equal((await callEdge('GET', '/api/rooms/mine', { token: refreshed.body.accessToken })).status, 200);
    const after = { accessToken: refreshed.body.accessToken };

    const jwks = await callEdge<{ keys: { kid: string; alg: string; kty: string; d?: string }[] }>('GET', '/.well-known/jwks.json');
    assert.equal(jwks.status, 200);
    const kids = jwks.body.keys.map((key) => key.kid);
    assert.ok(kids.includes(oldKid) && kids.includes(newKid), `both keys published: ${kids.join(', ')}`);
    assert.ok(jwks.body.keys.every((key) => key.alg === 'ES256' && key.kty === 'EC' && key.d === undefined), 'public halves only');

    assert.equal((await callEdge('GET', '/api/auth/me', { token: before.accessToken })).status, 200, 'the old token still works');
    assert.equal((await callEdge('GET', '/api/auth/me', { token: after.accessToken })).status, 200);
  });
});
