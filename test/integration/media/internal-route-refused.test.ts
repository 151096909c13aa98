/**
 * Message's /internal/ routes answer media alone. Shown through the mesh with real SVIDs: the
 * edge (allowed to message, but not these paths) is refused by the sidecar's RBAC, notification
 * (not allowed to message at all) at the handshake, the public cannot route there, and the app
 * itself refuses a request that did not come through its sidecar from media.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policy } from '../../../mesh/policy.ts';
import { loopback } from '../../../mesh/src/launcher/ports.ts';
import { signUp } from '../../support/auth-users.ts';
import { createRoom } from '../../support/rooms.ts';
import { edgeBinaryRequest } from '../../support/media-client.ts';
import { mtlsAttempt } from '../../support/mtls-client.ts';
import { issueTestSvid, type TestSvid } from '../../support/test-svid.ts';

const message = policy.workload('message');
const httpGet = (path: string) => `GET ${path} HTTP/1.1\r\nhost: message\r\nconnection: close\r\n\r\n`;

async function asWorkload<T>(name: string, work: (svid: TestSvid) => Promise<T>): Promise<T> {
  const svid = await issueTestSvid(policy.workload(name).spiffeId, 120);
  try {
    return await work(svid);
  } finally {
    await svid.revoke();
  }
}

describe('message /internal/ is for media only', { timeout: 180_000 }, () => {
  it('media gets the role; the edge is refused by RBAC; notification cannot even connect', async () => {
    const owner = await signUp('Owner');
    const room = await createRoom(owner);
    const path = `/internal/rooms/${room.id}/members/${owner.userId}`;
    const attempt = (svid: TestSvid) => mtlsAttempt(policy.inboundPort(message), { cert: svid.cert, key: svid.key, ca: svid.bundle }, message.spiffeId, httpGet(path));

    const asMedia = await asWorkload('media', attempt);
    assert.match(asMedia.reply, /^HTTP\/1\.1 200/);
    assert.match(asMedia.reply, /"role":"owner"/);

    const asEdge = await asWorkload('edge', attempt);
    assert.match(asEdge.reply, /^HTTP\/1\.1 403/);
    assert.match(asEdge.reply, /RBAC: access denied/);
    assert.doesNotMatch(asEdge.reply, /owner/);

    const asNotification = await asWorkload('notification', attempt);
    assert.notEqual(asNotification.outcome, 'established');
    assert.doesNotMatch(asNotification.reply, /owner/);
  });

  it('the public edge has no route to it', async () => {
    const owner = await signUp('Public');
    const reply = await edgeBinaryRequest('GET', `/internal/rooms/${owner.userId}/members/${owner.userId}`, { token: owner.accessToken });
    assert.equal(reply.status, 404);
    assert.equal(reply.json<{ code: string }>().code, 'EDGE_ROUTE_NOT_FOUND');
  });

  it('the message app refuses a caller its sidecar did not vouch for as media', async () => {
    const owner = await signUp('Direct');
    const room = await createRoom(owner);
    const appPort = message.kind === 'service' ? message.appPort : 0;
    const path = `http://${loopback}:${appPort}/internal/rooms/${room.id}/members/${owner.userId}`;
    const bare = await fetch(path);
    assert.equal(bare.status, 403);
    const claimed = await fetch(path, { headers: { 'x-forwarded-client-cert': 'By=spiffe://lynk.internal/service/message;URI=spiffe://lynk.internal/edge' } });
    assert.equal(claimed.status, 403);
  });
});
