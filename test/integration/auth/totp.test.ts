import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signUp, startLogin } from '../../support/auth-users.ts';
import { callEdge } from '../../support/edge-client.ts';
import { secretOf, totpCode } from '../../support/totp-code.ts';

async function enableTotp(accessToken: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await callEdge<{ otpauthUrl: string; qrPngBase64: string }>('POST', '/api/auth/totp/setup', { token: accessToken });
  assert.equal(setup.status, 200);
  assert.match(setup.body.otpauthUrl, /^otpauth:\/\/totp\/Lynk:.*secret=[A-Z2-7]+.*issuer=Lynk/);
  assert.equal(Buffer.from(setup.body.qrPngBase64, 'base64').subarray(1, 4).toString(), 'PNG');
  const secret = secretOf(setup.body.otpauthUrl);
  const confirm = await callEdge<{ recoveryCodes: string[] }>('POST', '/api/auth/totp/confirm', { token: accessToken, json: { code: totpCode(secret) } });
  assert.equal(confirm.status, 200);
  return { secret, recoveryCodes: confirm.body.recoveryCodes };
}

describe('auth: TOTP as a second factor', () => {
  it('a secret is enabled only by a confirming code; a wrong code leaves it off', async () => {
    const user = await signUp('Pending');
    const setup = await callEdge<{ otpauthUrl: string }>('POST', '/api/auth/totp/setup', { token: user.accessToken });
    const wrong = await callEdge<{ code: string }>('POST', '/api/auth/totp/confirm', { token: user.accessToken, json: { code: totpCode(secretOf(setup.body.otpauthUrl), Date.now(), 10) } });
    assert.equal(wrong.body.code, 'AUTH_TOTP_INVALID');
    const me = await callEdge<{ totpEnabled: boolean }>('GET', '/api/auth/me', { token: user.accessToken });
    assert.equal(me.body.totpEnabled, false);
  });

  it('with TOTP on, login needs the SMS code and a TOTP code; a used TOTP code cannot be replayed', async () => {
    const user = await signUp('Two Factor');
    const { secret, recoveryCodes } = await enableTotp(user.accessToken);
    assert.equal(recoveryCodes.length, 10);

    const first = await startLogin(user.phone);
    const withoutTotp = await callEdge<{ code: string }>('POST', '/api/auth/login/verify', { json: first });
    assert.equal(withoutTotp.status, 401);
    assert.equal(withoutTotp.body.code, 'AUTH_TOTP_REQUIRED');
    // The confirming code used this step; the next step is still inside the accepted window.
    const code = totpCode(secret, Date.now(), 1);
    const signedIn = await callEdge<{ user: { id: string } }>('POST', '/api/auth/login/verify', { json: { ...first, totpCode: code } });
    assert.equal(signedIn.status, 200);
    assert.equal(signedIn.body.user.id, user.userId);

    const second = await startLogin(user.phone);
    const replay = await callEdge<{ code: string }>('POST', '/api/auth/login/verify', { json: { ...second, totpCode: code } });
    assert.equal(replay.body.code, 'AUTH_TOTP_INVALID');
  });

  it('a recovery code signs in once instead of TOTP; disabling TOTP needs a current code', async () => {
    const user = await signUp('Recovery');
    const { recoveryCodes } = await enableTotp(user.accessToken);
    const login = await startLogin(user.phone);
    const recovered = await callEdge('POST', '/api/auth/login/verify', { json: { ...login, recoveryCode: recoveryCodes[0] } });
    assert.equal(recovered.status, 200);
    const again = await startLogin(user.phone);
    const reused = await callEdge<{ code: string }>('POST', '/api/auth/login/verify', { json: { ...again, recoveryCode: recoveryCodes[0] } });
    assert.equal(reused.body.code, 'AUTH_TOTP_INVALID');

    const noProof = await callEdge<{ code: string }>('POST', '/api/auth/totp/disable', { token: user.accessToken, json: {} });
    assert.equal(noProof.status, 400);
    const disabled = await callEdge('POST', '/api/auth/totp/disable', { token: user.accessToken, json: { recoveryCode: recoveryCodes[1] } });
    assert.equal(disabled.status, 204);
    const plain = await startLogin(user.phone);
    assert.equal((await callEdge('POST', '/api/auth/login/verify', { json: plain })).status, 200);
  });
});
