/** Malformed commands get an error acknowledgement with a stable code, never a crash or silence. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { connectChat, eventually, send, type ChatSocket } from '../../support/chat-client.ts';
import { createRoom, roomCall } from '../../support/rooms.ts';

type LooseSocket = { timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<{ ok: boolean; error?: { code: string; issues?: unknown[] } }> }; emit(event: string, ...args: unknown[]): void };

describe('bad input', () => {
  let user: SignedInUser;
  let socket: ChatSocket;
  let roomId: string;
  const loose = () => socket as unknown as LooseSocket;

  before(async () => {
    user = await signUp('Fuzzer');
    roomId = (await createRoom(user)).id;
    socket = await connectChat(user.accessToken);
  });
  after(() => socket?.close());

  const errorCode = async (event: string, ...args: unknown[]) => {
    const reply = await loose().timeout(5000).emitWithAck(event, ...args);
    assert.equal(reply.ok, false, JSON.stringify(reply));
    return reply.error!.code;
  };

  it('wrong types, missing fields and extra fields are refused with COMMON_VALIDATION_FAILED', async () => {
    assert.equal(await errorCode('message:send', { roomId, clientMsgId: 'a', body: 42 }), 'COMMON_VALIDATION_FAILED');
    assert.equal(await errorCode('message:send', { roomId, body: 'no client id' }), 'COMMON_VALIDATION_FAILED');
    assert.equal(await errorCode('message:send', { roomId: 'not-a-uuid', clientMsgId: 'b', body: 'x' }), 'COMMON_VALIDATION_FAILED');
    assert.equal(await errorCode('message:send', { roomId, clientMsgId: 'c', body: 'x', admin: true }), 'COMMON_VALIDATION_FAILED');
    assert.equal(await errorCode('message:send', 'just a string'), 'COMMON_VALIDATION_FAILED');
    assert.equal(await errorCode('message:send'), 'COMMON_VALIDATION_FAILED');
    assert.equal(await errorCode('room:history', { roomId, limit: 1000 }), 'COMMON_VALIDATION_FAILED');
  });

  it('bodies that are empty, too long or carry control characters are refused', async () => {
    assert.equal(await errorCode('message:send', { roomId, clientMsgId: randomUUID(), body: '   ' }), 'MESSAGE_INVALID');
    assert.equal(await errorCode('message:send', { roomId, clientMsgId: randomUUID(), body: 'x'.repeat(4001) }), 'MESSAGE_TOO_LARGE');
    assert.equal(await errorCode('message:send', { roomId, clientMsgId: randomUUID(), body: 'bell\u0007' }), 'MESSAGE_INVALID');
    assert.equal(await errorCode('message:send', { roomId, clientMsgId: randomUUID(), body: 'bidi \u202Eevil' }), 'MESSAGE_INVALID');
  });

  it('an unknown room, an unknown reply target and an unknown event are named', async () => {
    assert.equal(await errorCode('message:send', { roomId: randomUUID(), clientMsgId: randomUUID(), body: 'hello' }), 'ROOM_NOT_FOUND');
    assert.equal(await errorCode('message:send', { roomId, clientMsgId: randomUUID(), body: 'reply', replyTo: '01900000-0000-7000-8000-000000000000' }), 'MESSAGE_NOT_FOUND');
    assert.equal(await errorCode('message:fly', { roomId }), 'SOCKET_UNKNOWN_EVENT');
  });

  it('a command sent without an acknowledgement callback is answered with command:error', async () => {
    const errors: { event: string; error: { code: string } }[] = [];
    socket.on('command:error', (event) => errors.push(event));
    loose().emit('message:send', { roomId, body: 17 });
    await eventually(() => errors.length === 1, 'command:error');
    assert.deepEqual([errors[0]!.event, errors[0]!.error.code], ['message:send', 'COMMON_VALIDATION_FAILED']);
  });

  it('the socket survives all of it and still chats; REST refuses bad bodies with problem+json', async () => {
    assert.ok((await send(socket, roomId, 'still fine')).ok);
    const malformed = await roomCall(user, 'POST', '/', undefined);
    assert.equal(malformed.status, 400);
    const wrong = await roomCall(user, 'POST', '/', { name: 'x', visibility: 'secret' });
    assert.deepEqual([wrong.status, wrong.body.code], [400, 'COMMON_VALIDATION_FAILED']);
    assert.equal((await roomCall(user, 'GET', '/not-a-uuid')).status, 404);
    assert.equal((await roomCall(user, 'POST', `/${roomId}/messages`, { clientMsgId: 'big', body: 'x'.repeat(40_000) })).status, 413);
  });

  it('a sender over the rate limit gets MESSAGE_RATE_LIMITED with a retry time', async () => {
    const replies = await Promise.all(Array.from({ length: 60 }, (_, index) => send(socket, roomId, `flood ${index}`)));
    const limited = replies.filter((reply) => !reply.ok);
    assert.ok(limited.length > 0, 'some sends are limited');
    for (const reply of limited) {
      assert.equal(!reply.ok && reply.error.code, 'MESSAGE_RATE_LIMITED');
      assert.ok(!reply.ok && (reply.error.retryAfterMs ?? 0) > 0);
    }
  });
});
