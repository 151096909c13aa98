/**
 * Killing the notification service mid-batch and restarting it sends every push exactly once.
 *
 * The second case is a stress run, by hand (LYNK_KILL_STRESS=1): it kills the service with 60
 * pushes under way, as the first one arrives, so the kill lands while other pushes are leaving and
 * catches the instant between a claim's COMMIT and its push's write, where a push is lost. How
 * often it did is in the README ("Exactly once per message and device"); a missing push is reported
 * with its claim, to tell that instant from anything else.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { connectChat, send, type ChatSocket } from '../../support/chat-client.ts';
import { kafkaClient, withPostgres } from '../../support/clients.ts';
import type { FcmStandin } from '../../support/fcm-standin.ts';
import { pushesTo, registerDevice, startStackFcmStandin } from '../../support/notifications.ts';
import { createRoom, joinRoom } from '../../support/rooms.ts';
import { stopAndAwaitRestart } from '../../support/stack-processes.ts';
import { credentials } from '../../support/stack.ts';
import { createEvent } from '../../../services/common/src/events/event-envelope.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the store says of these devices' pushes (a committed `sending` claim means the push left), times relative to the kill. */
async function claimsOf(tokens: readonly string[], killedAt: number): Promise<string> {
  const rows = await withPostgres(credentials().postgres.runtimes.notification, 'notification', 'notification', async (client) =>
    (await client.query<{ token: string; state: string; attempts: number; updated_at: Date }>('SELECT token, state, attempts, updated_at FROM push_deliveries WHERE token = ANY($1)', [tokens])).rows,
  );
  return tokens.map((token) => {
    const claims = rows.filter((row) => row.token === token).map((row) => `${row.state} (attempt ${row.attempts}, ${row.updated_at.getTime() - killedAt} ms)`);
    return `${token}: ${claims.join(', ') || 'no claim'}`;
  }).join('; ');
}

/**
 * Waits until every token has a push (a minute at most), then a while longer, and checks each got
 * exactly one. A device with more says when its pushes came, relative to the kill.
 */
async function assertOnePushEach(standin: FcmStandin, tokens: readonly string[], killedAt: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!tokens.every((token) => pushesTo(standin, token).length >= 1)) {
    if (Date.now() >= deadline) {
      const missing = tokens.filter((token) => pushesTo(standin, token).length === 0);
      assert.fail(`pushes missing for ${missing.length} of ${tokens.length} devices after the restart; their claims: ${await claimsOf(missing, killedAt)}`);
    }
    await sleep(200);
  }
  await sleep(3000);
  const twice = tokens.filter((token) => pushesTo(standin, token).length > 1);
  const before = tokens.filter((token) => pushesTo(standin, token).some((push) => push.at < killedAt)).length;
  const when = twice.map((token) => `${token}: ${pushesTo(standin, token).map((push) => `${push.at - killedAt} ms`).join(' and ')}`).join('; ');
  assert.equal(twice.length, 0, `${twice.length} of ${tokens.length} devices got more than one push (${before} had theirs before the kill); relative to the kill: ${when}`);
}

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
    const killedAt = Date.now();
    await stopAndAwaitRestart('notification', { signal: 'SIGKILL' });
    await sending;

    await assertOnePushEach(standin, targets.map((target) => target.token), killedAt);
  });

  it('every push of 60 arriving at once (12 rooms, 5 devices each) is sent exactly once, though the service was killed while sending them', { skip: process.env.LYNK_KILL_STRESS ? false : 'a stress run by hand: LYNK_KILL_STRESS=1' }, async () => {
    const readers = await Promise.all(Array.from({ length: 12 }, (_, index) => signUp(`Burst reader ${index}`)));
    const rooms = await Promise.all(
      readers.map(async (reader) => {
        const roomId = (await createRoom(sender)).id;
        await joinRoom(reader, roomId);
        const tokens: string[] = [];
        for (let device = 0; device < 5; device++) tokens.push(await registerDevice(reader));
        return { roomId, tokens };
      }),
    );
    const tokens = rooms.flatMap((room) => room.tokens);
    // Straight to Kafka in one go, so the service holds them all at once and many pushes are under way when it dies.
    const producer = kafkaClient(credentials().kafka.admin, 'operator').producer();
    await producer.connect();
    try {
      const events = rooms.map((room) => createEvent('message.created', { messageId: randomUUID(), roomId: room.roomId, authorId: sender.userId, body: 'all at once', replyTo: null, attachments: [], mentions: [], createdAt: new Date().toISOString() }));
      await producer.send({ topic: 'message.created', acks: -1, messages: events.map((event) => ({ key: event.data.roomId, value: JSON.stringify(event) })) });
    } finally {
      await producer.disconnect();
    }
    const deadline = Date.now() + 20_000;
    while (!tokens.some((token) => pushesTo(standin, token).length > 0)) {
      assert.ok(Date.now() < deadline, 'no push went out before the kill');
      await sleep(5);
    }
    const killedAt = Date.now();
    await stopAndAwaitRestart('notification', { signal: 'SIGKILL' });
    await assertOnePushEach(standin, tokens, killedAt);
  });
});
