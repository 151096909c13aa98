/** Killing the notification service mid-batch and restarting it sends every push exactly once. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { connectChat, send, type ChatSocket } from '../../support/chat-client.ts';
import type { FcmStandin } from '../../support/fcm-standin.ts';
import { pushesTo, registerDevice, startStackFcmStandin } from '../../support/notifications.ts';
import { createRoom, joinRoom } from '../../support/rooms.ts';
import { stopAndAwaitRestart } from '../../support/stack-processes.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('notification consumer restart', () => {
  let standin: FcmStandin;
  let sender: SignedInUser;
  let senderSocket: ChatSocket;

  before(async () => {
    standin = await startStackFcmStandin();
    sender = await signUp('Sender');
    senderSocket = await connectChat(sender.accessToken);
  });

  after(async () => {
    senderSocket?.close();
    await standin?.close();
  });

  it('every push of a burst across 20 rooms is sent exactly once, though the service was killed in the middle', async () => {
    const readers = await Promise.all(Array.from({ length: 20 }, (_, index) => signUp(`Reader ${index}`)));
    const targets: { roomId: string; token: string }[] = [];
    for (const reader of readers) {
      const roomId = (await createRoom(sender)).id;
      await joinRoom(reader, roomId);
      targets.push({ roomId, token: await registerDevice(reader) });
    }
    const sending = (async () => {
      for (const target of targets) assert.ok((await send(senderSocket, target.roomId, 'one each')).ok);
    })();
    // Kill it once the first pushes are out: the batch is half done.
    const deadline = Date.now() + 20_000;
    while (!targets.some((target) => pushesTo(standin, target.token).length > 0)) {
      assert.ok(Date.now() < deadline, 'no push went out before the kill');
      await sleep(20);
    }
    await stopAndAwaitRestart('notification', { signal: 'SIGKILL' });
    await sending;

    const allDeadline = Date.now() + 60_000;
    while (!targets.every((target) => pushesTo(standin, target.token).length >= 1)) {
      assert.ok(Date.now() < allDeadline, `pushes missing for ${targets.filter((target) => pushesTo(standin, target.token).length === 0).length} rooms after the restart`);
      await sleep(200);
    }
    await sleep(3000);
    assert.deepEqual(
      targets.map((target) => pushesTo(standin, target.token).length),
      targets.map(() => 1),
      'exactly one push per device',
    );
  });
});
