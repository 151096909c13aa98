import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signUp, startLogin } from '../../support/auth-users.ts';
import { callEdge } from '../../support/edge-client.ts';

interface Tokens {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
}

async function refresh(refreshToken: string) {
  return callEdge<Tokens & { code?: string }>('POST', '/api/auth/token/refresh', { json: { refreshToken } });
}

async function secondDevice(phone: string): Promise<Tokens> {
  const login = await startLogin(phone);
  return (await callEdge<Tokens>('POST', '/api/auth/login/verify', { json: { ...login, deviceName: 'tablet' } })).body;
}

describe('auth: sessions, refresh rotation and revocation', () => {
  it('a refresh token rotates on every use and the new access token works', async () => {
    const user = await signUp('Rotator');
    const first = await refresh(user.refreshToken);
    assert.equal(first.status, 200);
    assert.notEqual(first.body.refreshToken, user.refreshToken);
    assert.equal(first.body.sessionId, user.sessionId);
    const second = await refresh(first.body.refreshToken);
    assert.equal(second.status, 200);
    assert.equal((await callEdge('GET', '/api/auth/me', { token: second.body.accessToken })).status, 200);
  });

  it('reusing an old refresh token revokes the whole session family', async () => {
    const user = await signUp('Victim');
    const rotated = await refresh(user.refreshToken);
    const reuse = await refresh(user.refreshToken);
    assert.equal(reuse.status, 401);
    assert.equal(reuse.body.code, 'AUTH_REFRESH_REUSED');
    const legit = await refresh(rotated.body.refreshToken);
    assert.equal(legit.body.code, 'AUTH_REFRESH_INVALID', "the thief's and the owner's newest token die together");
    const me = await callEdge<{ code: string }>('GET', '/api/auth/me', { token: rotated.body.accessToken });
    assert.equal(me.status, 401);
    assert.equal(me.body.code, 'AUTH_SESSION_REVOKED');
  });

  it('logout ends this session only; logout everywhere ends all of them', async () => {
    const user = await signUp('Leaver');
    const tablet = await secondDevice(user.phone);
    const sessions = await callEdge<{ sessions: { id: string; current: boolean; deviceName: string }[] }>('GET', '/api/auth/sessions', { token: user.accessToken });
    assert.deepEqual(sessions.body.sessions.map((session) => session.id).sort(), [user.sessionId, tablet.sessionId].sort());
    assert.equal(sessions.body.sessions.find((session) => session.current)?.id, user.sessionId);

    assert.equal((await callEdge('POST', '/api/auth/logout', { token: user.accessToken })).status, 204);
    assert.equal((await callEdge<{ code: string }>('GET', '/api/auth/me', { token: user.accessToken })).body.code, 'AUTH_SESSION_REVOKED');
    assert.equal((await refresh(user.refreshToken)).body.code, 'AUTH_REFRESH_INVALID');
    assert.equal((await callEdge('GET', '/api/auth/me', { token: tablet.accessToken })).status, 200, 'the tablet is still signed in');

    const phone = await secondDevice(user.phone);
    const everywhere = await callEdge<{ revokedSessions: number }>('POST', '/api/auth/logout-all', { token: phone.accessToken });
    assert.equal(everywhere.body.revokedSessions, 2);
    for (const token of [tablet.accessToken, phone.accessToken]) assert.equal((await callEdge('GET', '/api/auth/me', { token })).status, 401);
  });

  it('a user can revoke one of their own sessions, but not somebody else\'s', async () => {
    const user = await signUp('Lost Phone');
    const tablet = await secondDevice(user.phone);
    const other = await signUp('Other');
    assert.equal((await callEdge<{ code: string }>('DELETE', `/api/auth/sessions/${tablet.sessionId}`, { token: other.accessToken })).body.code, 'AUTH_SESSION_NOT_FOUND');
    assert.equal((await callEdge('DELETE', `/api/auth/sessions/${tablet.sessionId}`, { token: user.accessToken })).status, 204);
    assert.equal((await callEdge('GET', '/api/auth/me', { token: tablet.accessToken })).status, 401);
    assert.equal((await callEdge('GET', '/api/auth/me', { token: user.accessToken })).status, 200);
  });
});
