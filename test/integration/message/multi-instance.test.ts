/**
 * Two message instances behind one sidecar: people on different instances chat, see each other
 * type, read and come online, and a kick on one instance reaches a socket on the other. Killing an
 * instance mid-conversation loses no acknowledged message: its clients reconnect and catch up.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { collect, command, connectChat, eventually, inbox, send, type ChatSocket } from '../../support/chat-client.ts';
import { connectOnInstance, runningMessageInstances, type MessageInstance } from '../../support/message-instances.ts';
import { createRoom, joinRoom, roomCall } from '../../support/rooms.ts';
import { stopAndAwaitRestart } from '../../support/stack-processes.ts';
import type { MessageView } from '../../../services/message/src/socket/chat-events.ts';

describe('more than one message instance', () => {
  let instances: MessageInstance[];
  let alice: SignedInUser;
  let bob: SignedInUser;
  let roomId: string;
  let aliceSocket: ChatSocket;
  let bobSocket: ChatSocket;

  before(async () => {
    instances = runningMessageInstances();
    assert.ok(instances.length >= 2, `the launcher runs ${instances.length} message instance(s); these tests need two`);
    [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    roomId = (await createRoom(alice)).id;
    await joinRoom(bob, roomId);
    aliceSocket = await connectOnInstance(alice.accessToken, instances[0]!, instances);
    bobSocket = await connectOnInstance(bob.accessToken, instances[1]!, instances);
  });

  after(() => {
    aliceSocket?.close();
    bobSocket?.close();
  });

  it('people on different instances chat, type, read and see each other come and go', async () => {
    const bobInbox = inbox(bobSocket);
    const aliceInbox = inbox(aliceSocket);
    const fromAlice = await send(aliceSocket, roomId, 'from instance one');
    assert.ok(fromAlice.ok);
    await eventually(() => bobInbox.some((message) => message.id === fromAlice.data.id), 'Bob, on the other instance, to receive it');
    const fromBob = await send(bobSocket, roomId, 'from instance two');
    assert.ok(fromBob.ok);
    await eventually(() => aliceInbox.some((message) => message.id === fromBob.data.id), 'Alice to receive the reply');

    const typing = collect(bobSocket, 'typing:updated');
    assert.ok((await command(aliceSocket, 'typing:start', { roomId })).ok);
    await eventually(() => typing.some((event) => event.userId === alice.userId && event.typing), 'Bob to see Alice typing');

    const receipts = collect(aliceSocket, 'read:updated');
    assert.ok((await command(bobSocket, 'room:read', { roomId, messageId: fromAlice.data.id })).ok);
    await eventually(() => receipts.some((receipt) => receipt.userId === bob.userId), "Alice to get Bob's read receipt");

    const presence = collect(bobSocket, 'presence:updated');
    assert.ok((await command(aliceSocket, 'presence:set', { status: 'away' })).ok);
    await eventually(() => presence.some((update) => update.userId === alice.userId && update.status === 'away'), 'Bob to see Alice away');
    assert.ok((await command(aliceSocket, 'presence:set', { status: 'online' })).ok);
  });

  it('a kick handled by either instance removes a socket on the other at once', async () => {
    const carol = await signUp('Carol');
    await joinRoom(carol, roomId);
    const carolSocket = await connectOnInstance(carol.accessToken, instances[1]!, instances);
    try {
      assert.ok((await send(carolSocket, roomId, 'hello before the kick')).ok);
      const removed = collect(carolSocket, 'room:removed');
      assert.equal((await roomCall(alice, 'POST', `/${roomId}/members/${carol.userId}/kick`)).status, 204);
      await eventually(() => removed.some((event) => event.roomId === roomId), 'Carol to be told she was kicked');
      const refused = await send(carolSocket, roomId, 'after the kick');
      assert.equal(refused.ok ? 'ok' : refused.error.code, 'ROOM_NOT_MEMBER', 'the other instance forgot her permission too');
    } finally {
      carolSocket.close();
    }
  });

  it('killing an instance mid-conversation loses no acknowledged message; its clients reconnect and catch up', async () => {
    const seenByBob = new Set<string>();
    bobSocket.on('message:new', (message) => seenByBob.add(message.id));
    const acknowledged: MessageView[] = [];
    let sending = true;
    const conversation = (async () => {
      for (let index = 0; sending && index < 600; index++) {
        const reply = await command(aliceSocket, 'message:send', { roomId, clientMsgId: randomUUID(), body: `steady ${index}` }).catch(() => undefined);
        if (reply?.ok) acknowledged.push(reply.data);
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    })();
    await eventually(() => acknowledged.length >= 5, 'the conversation to be under way');

    let resumeAfter: string | undefined;
    await stopAndAwaitRestart(instances[1]!.name, {
      signal: 'SIGKILL',
      whileDown: async () => {
        await eventually(() => bobSocket.disconnected, "Bob's socket to drop with its instance");
        // The last message Bob saw before his instance died: he catches up from there.
        resumeAfter = acknowledged.filter((message) => seenByBob.has(message.id)).at(-1)?.id;
        bobSocket = await connectChat(bob.accessToken);
        bobSocket.on('message:new', (message) => seenByBob.add(message.id));
        const sentBefore = acknowledged.length;
        await eventually(() => acknowledged.length >= sentBefore + 5, 'Alice to keep chatting while an instance is down', 10_000);
        await eventually(() => acknowledged.slice(-3).every((message) => seenByBob.has(message.id)), 'Bob to receive live messages again after reconnecting');
      },
    });
    sending = false;
    await conversation;

    const caughtUp = await everyMessageAfter(bobSocket, resumeAfter ?? acknowledged[0]!.id);
    for (const id of caughtUp) seenByBob.add(id);
    const stored = new Set(await everyMessageAfter(bobSocket, acknowledged[0]!.id));
    stored.add(acknowledged[0]!.id);
    assert.deepEqual(acknowledged.filter((message) => !stored.has(message.id)).map((message) => message.body), [], 'every acknowledged message is stored');
    assert.deepEqual(acknowledged.filter((message) => !seenByBob.has(message.id) && message.id !== acknowledged[0]!.id).map((message) => message.body), [], 'Bob has every message, live or by catching up');
  });

  it("a user whose only connection was on a crashed instance goes offline on their own once the entry expires", async () => {
    const dave = await signUp('Dave');
    await joinRoom(dave, roomId);
    const daveSocket = await connectOnInstance(dave.accessToken, instances[1]!, instances);
    const statusOfDave = async () => {
      const reply = await command(aliceSocket, 'presence:query', { userIds: [dave.userId] });
      assert.ok(reply.ok);
      return reply.data.presence[0]?.status;
    };
    assert.equal(await statusOfDave(), 'online');
    // SIGKILL: the instance cannot say goodbye, so only the expiry can end Dave's presence.
    await stopAndAwaitRestart(instances[1]!.name, { signal: 'SIGKILL' });
    daveSocket.close();
    const deadline = Date.now() + 30_000;
    while ((await statusOfDave()) !== 'offline') {
      assert.ok(Date.now() < deadline, 'Dave is still shown online 30 s after his instance crashed');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });

  /** Pages `room:history` forward from `afterId` to the newest message, as a reconnecting client does. */
  async function everyMessageAfter(socket: ChatSocket, afterId: string): Promise<string[]> {
    const ids: string[] = [];
    for (let cursor = afterId; ; ) {
      const page = await command(socket, 'room:history', { roomId, after: cursor, limit: 100 });
      assert.ok(page.ok, JSON.stringify(page));
      ids.push(...page.data.messages.map((message) => message.id));
      if (!page.data.hasMore || page.data.messages.length === 0) return ids;
      cursor = page.data.messages.at(-1)!.id;
    }
  }
});
