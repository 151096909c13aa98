/** A burst of messages is collapsed into one push and one summary; a redelivered event sends nothing twice. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { connectChat, send, type ChatSocket } from '../../support/chat-client.ts';
import { kafkaClient } from '../../support/clients.ts';
import type { FcmStandin } from '../../support/fcm-standin.ts';
import { readEvents } from '../../support/kafka-events.ts';
import { exactlyPushes, pushesTo, registerDevice, startStackFcmStandin } from '../../support/notifications.ts';
import { createRoom, joinRoom } from '../../support/rooms.ts';
import { credentials } from '../../support/stack.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('collapsing and redelivery', () => {
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

  it('a burst of 12 messages gives one push at once and one summary when the window closes', async () => {
    const roomId = (await createRoom(sender)).id;
    await joinRoom(reader, roomId);
    const token = await registerDevice(reader);
    for (let index = 0; index < 12; index++) assert.ok((await send(senderSocket, roomId, `burst ${index}`)).ok);
    const pushes = await exactlyPushes(standin, token, 2, { timeoutMs: 20_000, settleMs: 2000 });
    assert.equal(pushes[0]!.message.notification?.body, 'burst 0');
    assert.equal(pushes[1]!.message.notification?.body, '11 new messages');
    assert.equal(pushes[1]!.message.data?.kind, 'summary');
  });

  it('the same message.created delivered again sends no second push', async () => {
    const roomId = (await createRoom(sender)).id;
    await joinRoom(reader, roomId);
    const token = await registerDevice(reader);
    const since = Date.now();
    const sent = await send(senderSocket, roomId, 'only once');
    assert.ok(sent.ok);
    await exactlyPushes(standin, token, 1);
    const [event] = await readEvents('message.created', since, (candidate) => (candidate.data as { messageId: string }).messageId === sent.data.id);

    // Kafka delivers at least once: replay the very same record, as a redelivery would.
    const producer = kafkaClient(credentials().kafka.admin, 'operator').producer();
    await producer.connect();
    try {
      await producer.send({ topic: 'message.created', messages: [{ key: roomId, value: JSON.stringify(event) }] });
    } finally {
      await producer.disconnect();
    }
    await sleep(4000);
    assert.equal(pushesTo(standin, token).length, 1, 'still exactly one push');
  });
});
