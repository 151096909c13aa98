import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callEdge } from '../../support/edge-client.ts';
import { freshPhoneNumber, latestSmsCode, signUp, startLogin } from '../../support/auth-users.ts';
import { readEvents } from '../../support/kafka-events.ts';

describe('auth: sign-up and login by phone through the edge', () => {
  it('registering texts a 6-digit code; verifying it creates the account, signs in and emits user.created', async () => {
    const since = Date.now();
    const user = await signUp('Ada');
    const me = await callEdge<{ id: string; displayName: string; phone: string; totpEnabled: boolean }>('GET', '/api/auth/me', { token: user.accessToken });
    assert.equal(me.status, 200);
    assert.deepEqual([me.body.id, me.body.displayName, me.body.phone, me.body.totpEnabled], [user.userId, 'Ada', user.phone, false]);
    const events = await readEvents('user.created', since, (event) => (event.data as { userId: string }).userId === user.userId);
    assert.equal(events[0]?.type, 'user.created');
    assert.equal(events[0]?.version, 1);
    assert.match(String(events[0]?.id), /^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it('the phone number is normalised: spaces and dashes reach the same account', async () => {
    const user = await signUp('Normalised');
    const spaced = `${user.phone.slice(0, 3)} ${user.phone.slice(3, 7)}-${user.phone.slice(7)}`;
    const login = await startLogin(spaced, user.phone);
    const verified = await callEdge<{ user: { id: string } }>('POST', '/api/auth/login/verify', { json: { challengeId: login.challengeId, code: login.code } });
    assert.equal(verified.status, 200);
    assert.equal(verified.body.user.id, user.userId);
    const invalid = await callEdge<{ code: string }>('POST', '/api/auth/login', { json: { phone: '+44 12' } });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.code, 'AUTH_PHONE_INVALID');
  });

  it('login needs the texted code: a phone number alone never signs in', async () => {
    const user = await signUp('Grace');
    const sentAt = Date.now();
    const started = await callEdge<{ challengeId: string }>('POST', '/api/auth/login', { json: { phone: user.phone } });
    assert.equal(started.status, 202);
    assert.deepEqual(Object.keys(started.body).sort(), ['challengeId', 'expiresInSeconds']);
    const wrong = await callEdge<{ code: string }>('POST', '/api/auth/login/verify', { json: { challengeId: started.body.challengeId, code: '000000' } });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.code, 'AUTH_CODE_INVALID');
    const code = await latestSmsCode(user.phone, sentAt);
    const verified = await callEdge<{ accessToken: string; user: { id: string } }>('POST', '/api/auth/login/verify', { json: { challengeId: started.body.challengeId, code } });
    assert.equal(verified.status, 200);
    assert.equal(verified.body.user.id, user.userId);
    const reused = await callEdge<{ code: string }>('POST', '/api/auth/login/verify', { json: { challengeId: started.body.challengeId, code } });
    assert.equal(reused.body.code, 'AUTH_CHALLENGE_INVALID', 'a code works once');
  });

  it('an unknown number gets the same answer as a registered one, and no SMS', async () => {
    const registered = await signUp('Known');
    const unknown = freshPhoneNumber();
    const [known, stranger] = await Promise.all([
      callEdge<Record<string, unknown>>('POST', '/api/auth/login', { json: { phone: registered.phone } }),
      callEdge<Record<string, unknown>>('POST', '/api/auth/login', { json: { phone: unknown } }),
    ]);
    assert.equal(known.status, stranger.status);
    assert.deepEqual(Object.keys(known.body).sort(), Object.keys(stranger.body).sort());
    assert.equal(known.body.expiresInSeconds, stranger.body.expiresInSeconds);
    await assert.rejects(latestSmsCode(unknown), /no SMS/);
    const guess = await callEdge<{ code: string }>('POST', '/api/auth/login/verify', { json: { challengeId: stranger.body.challengeId, code: '123456' } });
    assert.equal(guess.body.code, 'AUTH_CODE_INVALID', 'a decoy fails like a wrong code');
  });

  it('registering a number that already has an account is refused only after the code proves ownership', async () => {
    const user = await signUp('Owner');
    const sentAt = Date.now();
    const again = await callEdge<{ challengeId: string }>('POST', '/api/auth/register', { json: { phone: user.phone, displayName: 'Intruder' } });
    assert.equal(again.status, 202);
    const code = await latestSmsCode(user.phone, sentAt);
    const verified = await callEdge<{ code: string }>('POST', '/api/auth/register/verify', { json: { challengeId: again.body.challengeId, code } });
    assert.equal(verified.status, 409);
    assert.equal(verified.body.code, 'AUTH_PHONE_TAKEN');
  });
});
