import assert from 'node:assert/strict';
import { createHmac, createPublicKey, type JsonWebKey } from 'node:crypto';
import { describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { decryptPrivateKey } from '../../../services/auth/src/domain/signing-keys.ts';
import { claimsOf, kidOf } from '../../support/access-token-parts.ts';
import { signUp } from '../../support/auth-users.ts';
import { withPostgres } from '../../support/clients.ts';
import { callEdge } from '../../support/edge-client.ts';
import { credentials } from '../../support/stack.ts';

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The real signing key, as only an operator holding the key-encryption key could read it. */
async function realPrivateKey(kid: string): Promise<string> {
  const ciphertext = await withPostgres(credentials().postgres.runtimes.auth, 'auth', 'auth', async (client) => (await client.query<{ c: string }>('SELECT private_key_ciphertext AS c FROM signing_keys WHERE kid = $1', [kid])).rows[0]!.c);
  return decryptPrivateKey(ciphertext, Buffer.from(credentials().auth.keyEncryptionKey, 'base64'), kid);
}

async function rejected(token: string): Promise<string> {
  const reply = await callEdge<{ code: string }>('GET', '/api/auth/me', { token });
  assert.equal(reply.status, 401, `accepted a forged token: ${reply.text}`);
  return reply.body.code;
}

describe('auth: forged and stale access tokens are refused', () => {
  it('alg none, HS256 keyed with the public key, RS256, a wrong audience, a wrong issuer and an expired token', async () => {
    const user = await signUp('Target');
    const claims = claimsOf(user.accessToken);
    const kid = kidOf(user.accessToken);

    assert.equal(await rejected(`${encode({ alg: 'none', typ: 'JWT', kid })}.${encode(claims)}.`), 'AUTH_TOKEN_INVALID');

    const jwks = await callEdge<{ keys: (JsonWebKey & { kid: string })[] }>('GET', '/.well-known/jwks.json');
    const publicPem = createPublicKey({ key: jwks.body.keys.find((key) => key.kid === kid)!, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT', kid })}.${encode(claims)}`;
    assert.equal(await rejected(`${unsigned}.${createHmac('sha256', publicPem).update(unsigned).digest('base64url')}`), 'AUTH_TOKEN_INVALID');

    const privateKey = await realPrivateKey(kid);
    const sign = (payload: object) => jwt.sign(payload, privateKey, { algorithm: 'ES256', keyid: kid });
    assert.equal(await rejected(sign({ ...claims, aud: 'another-app' })), 'AUTH_TOKEN_INVALID');
    assert.equal(await rejected(sign({ ...claims, iss: 'https://evil.example' })), 'AUTH_TOKEN_INVALID');
    const past = Math.floor(Date.now() / 1000) - 3600;
    assert.equal(await rejected(sign({ ...claims, iat: past - 600, exp: past })), 'AUTH_TOKEN_EXPIRED');
    assert.equal((await callEdge('GET', '/api/auth/me', { token: sign(claims) })).status, 200, 'the same key with the right claims is accepted');
  });

  it('a token with a tampered payload fails its signature', async () => {
    const user = await signUp('Tamper');
    const [header, , signature] = user.accessToken.split('.');
    const other = await signUp('Other User');
    const forged = `${header}.${encode({ ...claimsOf(user.accessToken), sub: other.userId })}.${signature}`;
    assert.equal(await rejected(forged), 'AUTH_TOKEN_INVALID');
  });
});
