/**
 * Many people verifying at once: each verification holds a pooled connection in its transaction,
 * and none may wait on a second one (loading signing keys) or the pool would starve itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshPhoneNumber, latestSmsCode } from '../../support/auth-users.ts';
import { callEdge } from '../../support/edge-client.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('auth: concurrent sign-ups', () => {
  it('40 verifications arriving together all succeed, also right after the signing-key cache went stale', async () => {
    const pending = await Promise.all(
      Array.from({ length: 40 }, async (_, index) => {
        const phone = freshPhoneNumber();
        const sentAt = Date.now();
        const started = await callEdge<{ challengeId: string }>('POST', '/api/auth/register', { json: { phone, displayName: `Crowd ${index}` } });
        assert.equal(started.status, 202, started.text);
        return { challengeId: started.body.challengeId, code: await latestSmsCode(phone, sentAt) };
      }),
    );
    // Auth's key cache lasts 5 s; let it go stale so every verification finds it due for a reload.
    await sleep(6000);
    const replies = await Promise.all(pending.map(({ challengeId, code }) => callEdge('POST', '/api/auth/register/verify', { json: { challengeId, code } })));
    assert.deepEqual(
      replies.filter((reply) => reply.status !== 201).map((reply) => `${reply.status} ${reply.text}`),
      [],
    );
  });
});
