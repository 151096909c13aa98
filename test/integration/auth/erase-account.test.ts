import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signUp } from '../../support/auth-users.ts';
import { withPostgres } from '../../support/clients.ts';
import { callEdge } from '../../support/edge-client.ts';
import { readEvents } from '../../support/kafka-events.ts';
import { credentials } from '../../support/stack.ts';

describe('auth: erasing an account (GDPR)', () => {
  it('DELETE /me removes the user, revokes every session and emits user.deleted', async () => {
    const since = Date.now();
    const user = await signUp('Forget Me');
    const erased = await callEdge('DELETE', '/api/auth/me', { token: user.accessToken });
    assert.equal(erased.status, 204);

    const me = await callEdge<{ code: string }>('GET', '/api/auth/me', { token: user.accessToken });
    assert.equal(me.body.code, 'AUTH_SESSION_REVOKED');
    const refresh = await callEdge<{ code: string }>('POST', '/api/auth/token/refresh', { json: { refreshToken: user.refreshToken } });
    assert.equal(refresh.body.code, 'AUTH_REFRESH_INVALID');

    const rows = await withPostgres(credentials().postgres.runtimes.auth, 'auth', 'auth', async (client) => {
      const users = await client.query('SELECT 1 FROM users WHERE id = $1', [user.userId]);
      const sessions = await client.query('SELECT 1 FROM sessions WHERE user_id = $1', [user.userId]);
      return users.rowCount! + sessions.rowCount!;
    });
    assert.equal(rows, 0, 'nothing of the user is left in auth');

    const events = await readEvents('user.deleted', since, (event) => (event.data as { userId: string }).userId === user.userId);
    assert.deepEqual(events[0]?.data, { userId: user.userId });
  });
});
