import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policy } from '../../mesh/policy.ts';
import { mtlsAttempt } from '../support/mtls-client.ts';
import { issueTestSvid } from '../support/test-svid.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const workload = (name: string) => policy.workload(name);
const httpGet = (path: string) => `GET ${path} HTTP/1.1\r\nhost: mesh\r\nconnection: close\r\n\r\n`;

describe('SPIFFE identities decide who gets in', { timeout: 300_000 }, () => {
  it('a valid SVID of a workload the policy allows completes the handshake with the store', async () => {
    const message = await issueTestSvid(workload('message').spiffeId, 120);
    try {
      const attempt = await mtlsAttempt(policy.inboundPort(workload('redis')), { cert: message.cert, key: message.key, ca: message.bundle }, workload('redis').spiffeId);
      assert.equal(attempt.outcome, 'established');
      assert.equal(attempt.peerUri, workload('redis').spiffeId);
    } finally {
      await message.revoke();
    }
  });

  it('a valid SVID of a workload the policy does not allow is refused at the handshake', async () => {
    const media = await issueTestSvid(workload('media').spiffeId, 120);
    try {
      const attempt = await mtlsAttempt(policy.inboundPort(workload('redis')), { cert: media.cert, key: media.key, ca: media.bundle }, workload('redis').spiffeId);
      assert.notEqual(attempt.outcome, 'established');
      assert.match(attempt.outcome, /certificate|alert|closed|reset|handshake/i);
    } finally {
      await media.revoke();
    }
  });

  it('a media identity calling auth gets only the routes the policy gives it', async () => {
    const media = await issueTestSvid(workload('media').spiffeId, 120);
    try {
      const port = policy.inboundPort(workload('auth'));
      const client = { cert: media.cert, key: media.key, ca: media.bundle };
      const forbidden = await mtlsAttempt(port, client, workload('auth').spiffeId, httpGet('/api/auth/sessions'));
      assert.match(forbidden.reply, /^HTTP\/1\.1 403/);
      assert.match(forbidden.reply, /RBAC: access denied/);
      // Allowed by RBAC; no auth app runs yet, so the sidecar answers 503 instead of the app.
      const allowed = await mtlsAttempt(port, client, workload('auth').spiffeId, httpGet('/.well-known/jwks.json'));
      assert.match(allowed.reply, /^HTTP\/1\.1 (200|503)/);
    } finally {
      await media.revoke();
    }
  });

  it('a deleted entry gets no new SVID, and once its SVID expires it can no longer connect', async () => {
    const media = await issueTestSvid(workload('media').spiffeId, 60);
    const target = workload('message');
    const client = { cert: media.cert, key: media.key, ca: media.bundle };
    const before = await mtlsAttempt(policy.inboundPort(target), client, target.spiffeId, httpGet('/internal/ping'));
    assert.match(before.reply, /^HTTP\/1\.1 (200|404|503)/, 'media may reach message /internal/ while its SVID is valid');

    await media.revoke();
    let stillIssued = true;
    for (let attempt = 0; attempt < 20 && stillIssued; attempt += 1) {
      stillIssued = await media.canStillFetch();
      if (stillIssued) await sleep(1000);
    }
    assert.equal(stillIssued, false, 'the agent stops issuing the SVID once the entry is deleted');

    const untilExpiry = media.validTo.getTime() - Date.now();
    assert.ok(untilExpiry < 90_000, `the SVID is short-lived (expires in ${untilExpiry} ms)`);
    await sleep(Math.max(0, untilExpiry) + 2000);
    const after = await mtlsAttempt(policy.inboundPort(target), client, target.spiffeId, httpGet('/internal/ping'));
    assert.notEqual(after.outcome, 'established');
    assert.match(after.outcome, /expired|certificate|alert|closed/i);
  });
});
