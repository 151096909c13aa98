/** FCM failures are retried with backoff, then dead-lettered with the reason; a dead token is pruned. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { connectChat, send, type ChatSocket } from '../../support/chat-client.ts';
import type { FcmStandin } from '../../support/fcm-standin.ts';
import { readEvents } from '../../support/kafka-events.ts';
import { exactlyPushes, notificationCall, registerDevice, startStackFcmStandin } from '../../support/notifications.ts';
import { createRoom, joinRoom } from '../../support/rooms.ts';

/** firebase-admin retries a 503 four times by itself (its default retry config). */
const sdkTriesPerAttempt = 5;

describe('push failures', () => {
  let standin: FcmStandin;
  let sender: SignedInUser;
  let reader: SignedInUser;
  let senderSocket: ChatSocket;

  before(async () => {
    standin = await startStackFcmStandin();
    [sender, reader] = await Promise.all([signUp('Sender'), signUp('Reader')]);
    senderSocket = await connectChat(sender.accessToken);
  });

  after(async () => {
    senderSocket?.close();
    await standin?.close();
  });

  async function freshRoom(): Promise<string> {
    const roomId = (await createRoom(sender)).id;
    await joinRoom(reader, roomId);
    return roomId;
  }

  it('an FCM outage longer than the SDK rides out is retried through the retry topic, then delivered once', async () => {
    const roomId = await freshRoom();
    const token = await registerDevice(reader);
    // firebase-admin itself tries a 503 five times; failing all five hands the push to Lynk's retry topic.
    standin.failTimes(token, sdkTriesPerAttempt);
    assert.ok((await send(senderSocket, roomId, 'second time lucky')).ok);
    const tries = await exactlyPushes(standin, token, sdkTriesPerAttempt + 1, { timeoutMs: 30_000 });
    assert.equal(tries.length, sdkTriesPerAttempt + 1, 'five refused tries, then one that was delivered, and nothing after it');
    assert.ok(tries.at(-1)!.at - tries.at(-2)!.at >= 250, 'the retry waited its backoff');
  });

  it('a push that keeps failing goes to the dead-letter topic with the reason, after the last try', async () => {
    const roomId = await freshRoom();
    const token = await registerDevice(reader, 'unavailable');
    const since = Date.now();
    const sent = await send(senderSocket, roomId, 'never arrives');
    assert.ok(sent.ok);
    const [letter] = await readEvents('notification.dead-letter', since, (record) => (record as unknown as { job?: { token?: string } }).job?.token === token, 30_000);
    const deadLetter = letter as unknown as { job: { attempt: number; messageId: string }; reason: string };
    assert.equal(deadLetter.job.messageId, sent.data.id);
    assert.equal(deadLetter.job.attempt, 3, 'given up after the third try');
    assert.match(deadLetter.reason, /unavailable/i);
    assert.equal((await exactlyPushes(standin, token, 3 * sdkTriesPerAttempt, { settleMs: 1000 })).length, 3 * sdkTriesPerAttempt, 'three attempts, each tried by the SDK five times');
  });

  it('a token FCM reports as unregistered is removed from the device list', async () => {
    const roomId = await freshRoom();
    const token = await registerDevice(reader, 'unregistered');
    const devices = async () => (await notificationCall<{ devices: { deviceId: string }[] }>(reader, 'GET', '/devices')).body.devices.length;
    const before = await devices();
    assert.ok((await send(senderSocket, roomId, 'to a dead phone')).ok);
    await exactlyPushes(standin, token, 1, { settleMs: 200 });
    const deadline = Date.now() + 10_000;
    while ((await devices()) !== before - 1) {
      assert.ok(Date.now() < deadline, 'the dead token was not pruned');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
});
