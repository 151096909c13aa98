/**
 * Nothing acknowledged is lost and nothing unstored is acknowledged: a hung or unreachable
 * Cassandra gives error acks within 2 s; a Kafka stop and restart loses no message.created event.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { connectChat, send, type ChatSocket } from '../../support/chat-client.ts';
import { credentials } from '../../support/stack.ts';
import { kafkaClient } from '../../support/clients.ts';
import { pauseProcess, stopAndAwaitRestart } from '../../support/stack-processes.ts';
import { createRoom } from '../../support/rooms.ts';
import type { MessageView } from '../../../services/message/src/socket/chat-events.ts';
import { messageCreatedEvent } from '../../../services/common/src/events/message-events.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('store outages', () => {
  let user: SignedInUser;
  let socket: ChatSocket;
  let roomId: string;

  before(async () => {
    user = await signUp('Outage survivor');
    roomId = (await createRoom(user)).id;
    socket = await connectChat(user.accessToken);
  });
  after(() => socket?.close());

  it('a hung Cassandra gives an error ack within 2 s, and sends work again once it answers', async () => {
    assert.ok((await send(socket, roomId, 'before the hang')).ok);
    const resume = pauseProcess('cassandra');
    try {
      const startedAt = Date.now();
      const reply = await send(socket, roomId, 'during the hang');
      const waited = Date.now() - startedAt;
      assert.equal(reply.ok, false, 'no false success');
      assert.equal(!reply.ok && reply.error.code, 'MESSAGE_STORE_UNAVAILABLE');
      assert.ok(waited < 2000, `answered after ${waited} ms`);
    } finally {
      resume();
    }
    await sendsSucceedAgain('after the hang');
  });

  async function sendsSucceedAgain(label: string): Promise<void> {
    for (let attempt = 0; attempt < 60; attempt++) {
      if ((await send(socket, roomId, `${label} ${attempt}`)).ok) return;
      await sleep(500);
    }
    assert.fail(`sends did not succeed again ${label}`);
  }

  it('an unreachable Cassandra (its sidecar down) gives error acks, never a false success', async () => {
    const replies: { ok: boolean; code?: string; ms: number }[] = [];
    await stopAndAwaitRestart('sidecar-cassandra', {
      signal: 'SIGKILL',
      whileDown: async () => {
        for (let index = 0; index < 3; index++) {
          const startedAt = Date.now();
          const reply = await send(socket, roomId, `while unreachable ${index}`);
          replies.push({ ok: reply.ok, ...(reply.ok ? {} : { code: reply.error.code }), ms: Date.now() - startedAt });
        }
      },
    });
    await sendsSucceedAgain('after the sidecar restart');
    const failed = replies.filter((reply) => !reply.ok);
    assert.ok(failed.length > 0, JSON.stringify(replies));
    assert.ok(failed.every((reply) => reply.code === 'MESSAGE_STORE_UNAVAILABLE' && reply.ms < 2000), JSON.stringify(replies));
    const history = await fetchHistoryBodies();
    for (const [index, reply] of replies.entries()) assert.equal(history.includes(`while unreachable ${index}`), reply.ok, 'stored exactly when acknowledged');
  });

  async function fetchHistoryBodies(): Promise<string[]> {
    const reply = await socket.timeout(5000).emitWithAck('room:history', { roomId, limit: 100 });
    assert.ok(reply.ok);
    return reply.data.messages.map((message: MessageView) => message.body);
  }

  it('stopping and restarting Kafka loses no message.created event, and duplicates none', async () => {
    const acknowledged: string[] = [];
    const sendSome = async (label: string, count: number) => {
      for (let index = 0; index < count; index++) {
        const reply = await send(socket, roomId, `${label} ${index}`);
        assert.ok(reply.ok, `chat keeps working (${label} ${index}): ${JSON.stringify(reply)}`);
        acknowledged.push(reply.data.id);
      }
    };
    await sendSome('before the Kafka stop', 5);
    await stopAndAwaitRestart('kafka', { whileDown: () => sendSome('while Kafka is down', 10) });
    await sendSome('after Kafka is back', 5);

    const consumer = kafkaClient(credentials().kafka.services.notification, 'notification').consumer({ groupId: `notification-test-${roomId}` });
    const seen: { eventId: string; messageId: string }[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: 'message.created', fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          // Other tests put malformed records on this topic on purpose; a consumer skips them.
          let parsed: unknown;
          try {
            parsed = JSON.parse(message.value?.toString() ?? 'null');
          } catch {
            return;
          }
          const event = messageCreatedEvent.safeParse(parsed);
          if (event.success && event.data.data.roomId === roomId) seen.push({ eventId: event.data.id, messageId: event.data.data.messageId });
        },
      });
      const deadline = Date.now() + 60_000;
      while (!acknowledged.every((id) => seen.some((entry) => entry.messageId === id)) && Date.now() < deadline) await sleep(250);
      await sleep(1000);
    } finally {
      await consumer.disconnect();
    }
    const missing = acknowledged.filter((id) => !seen.some((entry) => entry.messageId === id));
    assert.deepEqual(missing, [], 'every acknowledged message has its event');
    const eventIds = seen.map((entry) => entry.eventId);
    assert.equal(new Set(eventIds).size, eventIds.length, 'no event was published twice');
    assert.equal(new Set(seen.map((entry) => entry.messageId)).size, seen.length, 'one event per message');
  });
});
