/**
 * Joins and leaves travel on different Kafka topics, so notification may read a member's join
 * after their leave (a redelivery, or the two topics read at different speeds). A late join must
 * not bring someone back: they would get pushes from a room they left.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { connectChat, send, type ChatSocket } from '../../support/chat-client.ts';
import { kafkaClient } from '../../support/clients.ts';
import type { FcmStandin } from '../../support/fcm-standin.ts';
import { readEvents } from '../../support/kafka-events.ts';
import { exactlyPushes, pushesTo, registerDevice, startStackFcmStandin } from '../../support/notifications.ts';
import { createRoom, joinRoom, roomCall } from '../../support/rooms.ts';
import { credentials } from '../../support/stack.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Publishes `event` to `topic` as Kafka would redeliver it, and waits until notification's room projection has committed past it. */
async function redeliverAndWaitForProjection(topic: string, key: string, event: unknown): Promise<void> {
  const kafka = kafkaClient(credentials().kafka.admin, 'operator');
  const producer = kafka.producer();
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  try {
    const [written] = await producer.send({ topic, messages: [{ key, value: JSON.stringify(event) }] });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [offsets] = await admin.fetchOffsets({ groupId: 'notification-rooms', topics: [topic] });
      const committed = offsets?.partitions.find((partition) => partition.partition === written!.partition)?.offset;
      if (committed !== undefined && Number(committed) > Number(written!.baseOffset)) return;
      if (Date.now() > deadline) throw new Error(`notification-rooms did not get past the redelivered ${topic} record`);
      await sleep(100);
    }
  } finally {
    await Promise.all([producer.disconnect(), admin.disconnect()]);
  }
}

describe('room membership seen out of order', () => {
  let standin: FcmStandin;
  let owner: SignedInUser;
  let stayer: SignedInUser;
  let leaver: SignedInUser;
  let ownerSocket: ChatSocket;

  before(async () => {
    standin = await startStackFcmStandin();
    [owner, stayer, leaver] = await Promise.all([signUp('Owner'), signUp('Stayer'), signUp('Leaver')]);
    ownerSocket = await connectChat(owner.accessToken);
  });
  after(async () => {
    ownerSocket?.close();
    await standin?.close();
  });

  it('a join read after the same member left does not bring them back: they get no push, the member who stayed does', async () => {
    const roomId = (await createRoom(owner)).id;
    const since = Date.now();
    await joinRoom(stayer, roomId);
    await joinRoom(leaver, roomId);
    const [stayerToken, leaverToken] = await Promise.all([registerDevice(stayer), registerDevice(leaver)]);
    const left = await roomCall(leaver, 'POST', `/${roomId}/leave`);
    assert.equal(left.status, 204, left.text);
    const isLeaver = (event: { data: unknown }) => (event.data as { roomId: string; userId: string }).roomId === roomId && (event.data as { userId: string }).userId === leaver.userId;
    const [joined] = await readEvents('room.member.joined', since, isLeaver);
    await readEvents('room.member.left', since, isLeaver);

    await redeliverAndWaitForProjection('room.member.joined', roomId, joined);
    assert.ok((await send(ownerSocket, roomId, 'after the leave')).ok);

    await exactlyPushes(standin, stayerToken, 1, { settleMs: 2500 });
    assert.equal(pushesTo(standin, leaverToken).length, 0, 'the member who left gets nothing');
  });
});
