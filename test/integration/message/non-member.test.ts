/** A non-member can neither send to nor read a room, through either door. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { connectChat, send, type ChatSocket } from '../../support/chat-client.ts';
import { createRoom, roomCall } from '../../support/rooms.ts';

describe('a non-member', () => {
  let owner: SignedInUser;
  let outsider: SignedInUser;
  let outsiderSocket: ChatSocket;
  let roomId: string;
  let privateRoomId: string;

  before(async () => {
    [owner, outsider] = await Promise.all([signUp('Owner'), signUp('Outsider')]);
    roomId = (await createRoom(owner)).id;
    privateRoomId = (await createRoom(owner, { visibility: 'private' })).id;
    outsiderSocket = await connectChat(outsider.accessToken);
    assert.equal((await roomCall(owner, 'POST', `/${roomId}/messages`, { clientMsgId: 'secret', body: 'members only' })).status, 201);
  });
  after(() => outsiderSocket?.close());

  it('cannot send over the socket or REST', async () => {
    const reply = await send(outsiderSocket, roomId, 'let me in');
    assert.equal(reply.ok, false);
    assert.equal(!reply.ok && reply.error.code, 'ROOM_NOT_MEMBER');
    const rest = await roomCall(outsider, 'POST', `/${roomId}/messages`, { clientMsgId: 'x', body: 'let me in' });
    assert.equal(rest.status, 403);
    assert.equal(rest.body.code, 'ROOM_NOT_MEMBER');
  });

  it('cannot read history over the socket or REST', async () => {
    const rest = await roomCall(outsider, 'GET', `/${roomId}/messages`);
    assert.equal(rest.status, 403);
    assert.equal(rest.body.code, 'ROOM_NOT_MEMBER');
    const socketReply = await outsiderSocket.timeout(5000).emitWithAck('room:history', { roomId });
    assert.equal(socketReply.ok, false);
    assert.equal(!socketReply.ok && socketReply.error.code, 'ROOM_NOT_MEMBER');
  });

  it('does not see a private room exist, and cannot join it without an invite', async () => {
    assert.equal((await roomCall(outsider, 'GET', `/${privateRoomId}`)).status, 404);
    const join = await roomCall(outsider, 'POST', `/${privateRoomId}/join`);
    assert.equal(join.status, 403);
    assert.equal(join.body.code, 'ROOM_INVITE_REQUIRED');
  });

  it('without a token is refused by the edge', async () => {
    const reply = await roomCall({ ...owner, accessToken: '' }, 'GET', `/${roomId}/messages`);
    assert.equal(reply.status, 401);
  });
});
