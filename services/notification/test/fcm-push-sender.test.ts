/** The real firebase-admin SDK against a local stand-in of Google's token endpoint and FCM v1. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fcmPushSender } from '../src/providers/fcm-push-sender.ts';
import { connectedAgent } from '../src/providers/connected-agent.ts';
import { standinCredential } from '../src/providers/standin-credential.ts';
import type { PushSender } from '../src/providers/push-sender.ts';
import { standinCredentials, startFcmStandin, type FcmStandin } from '../../../test/support/fcm-standin.ts';

describe('FCM push adapter (real SDK, local stand-in of FCM v1)', () => {
  let standin: FcmStandin;
  let sender: PushSender;
  let agent: ReturnType<typeof connectedAgent>;
  let credentialsCa: string;

  before(async () => {
    const credentials = standinCredentials(mkdtempSync(join(tmpdir(), 'lynk-fcm-')));
    standin = await startFcmStandin(credentials);
    credentialsCa = credentials.caFile;
    const account = JSON.parse(readFileSync(credentials.serviceAccountFile, 'utf8')) as { project_id: string; client_email: string; private_key: string };
    const httpAgent = connectedAgent({ redirectTo: new URL(standin.origin), ca: readFileSync(credentials.caFile, 'utf8') });
    agent = httpAgent;
    sender = fcmPushSender({
      serviceAccount: { projectId: account.project_id, clientEmail: account.client_email, privateKey: account.private_key },
      httpAgent,
      standin: { credential: standinCredential(new URL(standin.origin), httpAgent) },
    });
  });

  after(async () => {
    await sender?.close();
    await standin?.close();
  });

  const push = (token: string) => ({ token, title: 'Lynk', body: 'hello', collapseKey: 'room-1', data: { roomId: 'room-1', messageId: 'm-1' } });

  it('sends an FCM v1 message with an OAuth bearer token, the collapse key and the data', async () => {
    assert.deepEqual(await sender.send(push('good-token')), { status: 'sent' });
    const sent = standin.received.at(-1)!;
    assert.equal(sent.project, 'lynk-standin');
    assert.equal(sent.authorization, 'Bearer standin-access-token');
    assert.equal(sent.message.token, 'good-token');
    assert.deepEqual(sent.message.notification, { title: 'Lynk', body: 'hello' });
    assert.equal(sent.message.android?.collapse_key, 'room-1');
    assert.deepEqual(sent.message.data, { roomId: 'room-1', messageId: 'm-1' });
    assert.ok(standin.requests.some((request) => /token/.test(request.path)), 'the SDK fetched its access token from the stand-in');
  });

  it('says when the push is leaving, once, and when it has been written, before FCM answers', async () => {
    const fresh = fcmPushSender({
      serviceAccount: { projectId: 'lynk-standin', clientEmail: 'x@lynk-standin.iam.gserviceaccount.com', privateKey: 'unused' },
      httpAgent: agent,
      standin: { credential: standinCredential(new URL(standin.origin), agent) },
    });
    try {
      const seen: string[] = [];
      const sending = fresh.send(push('departing-token'), () => {
        seen.push(`leaving; stand-in had ${standin.received.filter((sent) => sent.message.token === 'departing-token').length}`);
        return () => seen.push('written');
      });
      const answer = await sending;
      seen.push('answered');
      assert.deepEqual(answer, { status: 'sent' });
      assert.deepEqual(seen, ['leaving; stand-in had 0', 'written', 'answered'], 'reported once, as the request left and before the stand-in handled it');
    } finally {
      await fresh.close();
    }
  });

  it('tells each of several pushes under way its own departure, even when one waits for a connection another frees', async () => {
    // One connection for all: the second request is handed it as the first finishes, in the first one's async context.
    const single = connectedAgent({ redirectTo: new URL(standin.origin), ca: readFileSync(credentialsCa, 'utf8'), maxSockets: 1 });
    const shared = fcmPushSender({
      serviceAccount: { projectId: 'lynk-standin', clientEmail: 'x@lynk-standin.iam.gserviceaccount.com', privateKey: 'unused' },
      httpAgent: single,
      standin: { credential: standinCredential(new URL(standin.origin), agent) },
    });
    try {
      const tokens = ['lane-a', 'lane-b', 'lane-c'];
      const departures = new Map<string, number>();
      const answers = await Promise.all(
        tokens.map(async (token) => {
          const answer = await shared.send(push(token), () => {
            departures.set(token, (departures.get(token) ?? 0) + 1);
          });
          assert.equal(departures.get(token), 1, `${token}: its departure was reported before its answer`);
          return answer.status;
        }),
      );
      assert.deepEqual(answers, ['sent', 'sent', 'sent']);
      assert.deepEqual(Object.fromEntries(departures), { 'lane-a': 1, 'lane-b': 1, 'lane-c': 1 });
    } finally {
      await shared.close();
      single.destroy();
    }
  });

  it('does not say a push left when it never reached FCM, though the SDK fetched its token', async () => {
    const unreachable = connectedAgent({ redirectTo: new URL('https://127.0.0.1:9') });
    const stranded = fcmPushSender({
      serviceAccount: { projectId: 'lynk-standin', clientEmail: 'x@lynk-standin.iam.gserviceaccount.com', privateKey: 'unused' },
      // The token comes from the stand-in, in the same call; the send itself goes nowhere.
      httpAgent: unreachable,
      standin: { credential: standinCredential(new URL(standin.origin), agent) },
    });
    try {
      let departed = 0;
      const tokenFetches = standin.requests.filter((request) => /token/.test(request.path)).length;
      assert.equal((await stranded.send(push('stranded-token'), () => void departed++)).status, 'retry');
      assert.equal(departed, 0);
      assert.ok(standin.requests.filter((request) => /token/.test(request.path)).length > tokenFetches, 'the token was fetched');
    } finally {
      await stranded.close();
    }
  });

  it('sorts FCM errors: an unregistered or malformed token is dead, unavailable is retried', async () => {
    assert.equal((await sender.send(push('unregistered-abc'))).status, 'invalid-token');
    assert.equal((await sender.send(push('invalid-abc'))).status, 'invalid-token');
    assert.equal((await sender.send(push('unavailable-abc'))).status, 'retry');
  });
});
