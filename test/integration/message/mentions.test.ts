/** Mentions are parsed by the server: members by id, @room and @here; they travel on the message and its event. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { command, connectChat, send, type ChatSocket } from '../../support/chat-client.ts';
import { readEvents } from '../../support/kafka-events.ts';
import { createRoom, joinRoom } from '../../support/rooms.ts';

describe('mentions', () => {
  let alice: SignedInUser;
  let bob: SignedInUser;
  let outsider: SignedInUser;
  let aliceSocket: ChatSocket;
  let roomId: string;

  before(async () => {
    [alice, bob, outsider] = await Promise.all([signUp('Alice'), signUp('Bob'), signUp('Outsider')]);
    roomId = (await createRoom(alice)).id;
    await joinRoom(bob, roomId);
    aliceSocket = await connectChat(alice.accessToken);
  });

  after(() => aliceSocket?.close());

  it('mentions members and the room, ignores non-members, and puts the list in message.created', async () => {
    const since = Date.now();
    const sent = await send(aliceSocket, roomId, `<@${bob.userId}> and <@${outsider.userId}>, see this @here`);
    assert.ok(sent.ok);
    assert.deepEqual(sent.data.mentions, [bob.userId, 'here']);
    const [event] = await readEvents('message.created', since, (candidate) => (candidate.data as { messageId: string }).messageId === sent.data.id);
    assert.deepEqual((event!.data as { mentions: string[] }).mentions, [bob.userId, 'here']);
  });

  it('an edit re-parses mentions', async () => {
    const sent = await send(aliceSocket, roomId, 'no mentions yet');
    assert.ok(sent.ok);
    assert.deepEqual(sent.data.mentions, []);
    const edited = await command(aliceSocket, 'message:edit', { roomId, messageId: sent.data.id, body: `now @room and <@${bob.userId}>` });
    assert.ok(edited.ok);
    assert.deepEqual(edited.data.mentions, [bob.userId, 'room']);
  });
});
