/** Tokens at the handshake: bad ones are refused with a stable code, and a signed-out session's sockets are closed. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signUp } from '../../support/auth-users.ts';
import { connectChat, eventually, refusedHandshake } from '../../support/chat-client.ts';
import { callEdge } from '../../support/edge-client.ts';

describe('socket authentication', () => {
  it('refuses a missing, malformed or tampered token with connect_error and a stable code', async () => {
    const user = await signUp('Handshaker');
    assert.equal((await refusedHandshake('')).code, 'AUTH_TOKEN_INVALID');
    assert.equal((await refusedHandshake('not.a.token')).code, 'AUTH_TOKEN_INVALID');
    const [header, payload, signature] = user.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: '01900000-0000-7000-8000-000000000000' })).toString('base64url')}.${signature}`;
    assert.equal((await refusedHandshake(forged)).code, 'AUTH_TOKEN_INVALID');
  });

  it('refuses a revoked session at the handshake, and disconnects its open sockets within seconds', async () => {
    const user = await signUp('Signing out');
    const [phone, laptop] = await Promise.all([connectChat(user.accessToken), connectChat(user.accessToken)]);
    const told: string[] = [];
    let disconnectedAt = 0;
    phone.on('session:revoked', () => told.push('phone'));
    laptop.on('disconnect', () => (disconnectedAt = Date.now()));
    const loggedOutAt = Date.now();
    assert.equal((await callEdge('POST', '/api/auth/logout', { token: user.accessToken })).status, 204);
    await eventually(() => !phone.connected && !laptop.connected, 'both sockets to be disconnected', 10_000);
    assert.ok(disconnectedAt - loggedOutAt < 5000, `disconnected after ${disconnectedAt - loggedOutAt} ms`);
    assert.deepEqual(told, ['phone']);
    assert.equal((await refusedHandshake(user.accessToken)).code, 'AUTH_SESSION_REVOKED');
  });
});
