/** Presence across devices: one device leaving does not make a user offline, and only people who share a room see it. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { collect, command, connectChat, eventually, type ChatSocket } from '../../support/chat-client.ts';
import { createRoom, joinRoom } from '../../support/rooms.ts';

describe('presence', () => {
  let alice: SignedInUser;
  let bob: SignedInUser;
  let stranger: SignedInUser;
  let aliceSocket: ChatSocket;
  let strangerSocket: ChatSocket;

  before(async () => {
    [alice, bob, stranger] = await Promise.all([signUp('Alice'), signUp('Bob'), signUp('Stranger')]);
    const roomId = (await createRoom(alice)).id;
    await joinRoom(bob, roomId);
    await createRoom(stranger);
    [aliceSocket, strangerSocket] = await Promise.all([connectChat(alice.accessToken), connectChat(stranger.accessToken)]);
  });

  after(() => {
    aliceSocket?.close();
    strangerSocket?.close();
  });

  const statusOfBob = async (asker: ChatSocket) => {
    const reply = await command(asker, 'presence:query', { userIds: [bob.userId] });
    assert.ok(reply.ok, JSON.stringify(reply));
    return reply.data.presence.find((entry) => entry.userId === bob.userId)?.status;
  };

  it('two devices: online while either is connected, away only when every device is away, offline when both leave', async () => {
    const updates = collect(aliceSocket, 'presence:updated');
    const bobStatuses = () => updates.filter((update) => update.userId === bob.userId).map((update) => update.status);
    assert.equal(await statusOfBob(aliceSocket), 'offline');

    const phone = await connectChat(bob.accessToken);
    await eventually(() => bobStatuses().at(-1) === 'online', 'Bob online');
    const laptop = await connectChat(bob.accessToken);
    assert.equal(await statusOfBob(aliceSocket), 'online');

    assert.ok((await command(phone, 'presence:set', { status: 'away' })).ok);
    assert.equal(await statusOfBob(aliceSocket), 'online', 'the laptop is still online');
    assert.ok((await command(laptop, 'presence:set', { status: 'away' })).ok);
    await eventually(() => bobStatuses().at(-1) === 'away', 'Bob away once both devices are');
    assert.ok((await command(laptop, 'presence:set', { status: 'online' })).ok);
    await eventually(() => bobStatuses().at(-1) === 'online', 'Bob back online');

    laptop.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await statusOfBob(aliceSocket), 'away', 'the phone is still connected (and away)');
    assert.notEqual(bobStatuses().at(-1), 'offline');

    phone.close();
    await eventually(() => bobStatuses().at(-1) === 'offline', 'Bob offline once both devices left');
    assert.equal(await statusOfBob(aliceSocket), 'offline');
  });

  it('people who share no room with a user neither see nor can ask for their presence', async () => {
    const strangerUpdates = collect(strangerSocket, 'presence:updated');
    const phone = await connectChat(bob.accessToken);
    try {
      assert.equal(await statusOfBob(aliceSocket), 'online');
      const asked = await command(strangerSocket, 'presence:query', { userIds: [bob.userId, alice.userId] });
      assert.ok(asked.ok);
      assert.deepEqual(asked.data.presence, [], 'nothing about people the stranger shares no room with');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(strangerUpdates.filter((update) => update.userId === bob.userId).length, 0);
    } finally {
      phone.close();
    }
  });
});
