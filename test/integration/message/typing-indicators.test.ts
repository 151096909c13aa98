/** Typing indicators reach the other members, are throttled, and end on their own when the stop is lost. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { collect, command, connectChat, eventually, send, type ChatSocket } from '../../support/chat-client.ts';
import { createRoom, joinRoom } from '../../support/rooms.ts';

describe('typing indicators', () => {
  let alice: SignedInUser;
  let bob: SignedInUser;
  let aliceSocket: ChatSocket;
  let bobSocket: ChatSocket;
  let roomId: string;

  before(async () => {
    [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    roomId = (await createRoom(alice)).id;
    await joinRoom(bob, roomId);
    [aliceSocket, bobSocket] = await Promise.all([connectChat(alice.accessToken), connectChat(bob.accessToken)]);
  });

  after(() => {
    aliceSocket?.close();
    bobSocket?.close();
  });

  it('start reaches the room once per throttle window, and stop ends it', async () => {
    const seen = collect(bobSocket, 'typing:updated');
    for (let keystroke = 0; keystroke < 5; keystroke++) assert.ok((await command(aliceSocket, 'typing:start', { roomId })).ok);
    await eventually(() => seen.some((event) => event.typing), 'Bob to see Alice typing');
    assert.equal(seen.filter((event) => event.typing).length, 1, 'five keystrokes, one indicator');
    assert.equal(seen[0]!.userId, alice.userId);
    assert.ok(seen[0]!.expiresInMs > 0, 'clients are told when to drop it themselves');
    assert.ok((await command(aliceSocket, 'typing:stop', { roomId })).ok);
    await eventually(() => seen.some((event) => !event.typing), 'Bob to see Alice stop');
  });

  it('sending a message ends the indicator', async () => {
    const seen = collect(bobSocket, 'typing:updated');
    assert.ok((await command(aliceSocket, 'typing:start', { roomId })).ok);
    await eventually(() => seen.some((event) => event.typing), 'the indicator');
    assert.ok((await send(aliceSocket, roomId, 'done typing')).ok);
    await eventually(() => seen.some((event) => !event.typing), 'the indicator to end with the send');
  });

  it('an indicator whose stop is lost ends on its own', async () => {
    const seen = collect(bobSocket, 'typing:updated');
    assert.ok((await command(aliceSocket, 'typing:start', { roomId })).ok);
    await eventually(() => seen.some((event) => event.typing), 'the indicator');
    const expiresInMs = seen.find((event) => event.typing)!.expiresInMs;
    await eventually(() => seen.some((event) => !event.typing), 'the indicator to expire', expiresInMs + 3000);
  });

  it('a non-member cannot type into a room', async () => {
    const stranger = await signUp('Stranger');
    const socket = await connectChat(stranger.accessToken);
    try {
      const reply = await command(socket, 'typing:start', { roomId });
      assert.equal(reply.ok ? 'ok' : reply.error.code, 'ROOM_NOT_MEMBER');
    } finally {
      socket.close();
    }
  });
});
