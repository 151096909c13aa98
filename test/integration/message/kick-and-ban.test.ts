/** A kicked or banned member stops receiving at once; a ban keeps them out until it ends. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { connectChat, eventually, inbox, send, type ChatSocket } from '../../support/chat-client.ts';
import { createRoom, joinRoom, roomCall } from '../../support/rooms.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('kick and ban', () => {
  let owner: SignedInUser;
  let ownerSocket: ChatSocket;
  const sockets: ChatSocket[] = [];

  before(async () => {
    owner = await signUp('Moderating owner');
    ownerSocket = await connectChat(owner.accessToken);
  });
  after(() => [ownerSocket, ...sockets].forEach((socket) => socket?.close()));

  async function memberWithTwoDevices(roomId: string) {
    const member = await signUp('Member');
    await joinRoom(member, roomId);
    const devices = await Promise.all([connectChat(member.accessToken), connectChat(member.accessToken)]);
    sockets.push(...devices);
    return { member, devices, received: devices.map(inbox) };
  }

  for (const action of ['kick', 'ban'] as const) {
    it(`a ${action === 'kick' ? 'kicked' : 'banned'} member's devices stop receiving as soon as the ${action} returns, and are told why`, async () => {
      const roomId = (await createRoom(owner)).id;
      const { member, devices, received } = await memberWithTwoDevices(roomId);
      const removals = devices.map((device) => {
        const seen: { roomId: string; reason: string }[] = [];
        device.on('room:removed', (event) => seen.push(event));
        return seen;
      });
      // The member has sent before, so the send path remembers that they may post here.
      assert.ok((await send(devices[0]!, roomId, 'from the member')).ok);
      const before = await send(ownerSocket, roomId, 'before');
      assert.ok(before.ok);
      await eventually(() => received.every((list) => list.some((message) => message.id === before.data.id)), 'both devices to receive');

      const reply = action === 'kick' ? await roomCall(owner, 'POST', `/${roomId}/members/${member.userId}/kick`) : await roomCall(owner, 'POST', `/${roomId}/bans`, { userId: member.userId, reason: 'spam' });
      assert.equal(reply.status, 204, reply.text);
      const afterward = await send(ownerSocket, roomId, 'after');
      assert.ok(afterward.ok);
      await sleep(500);
      for (const list of received) assert.ok(!list.some((message) => message.id === afterward.data.id), 'nothing after the removal');
      for (const seen of removals) assert.deepEqual(seen, [{ roomId, reason: action === 'kick' ? 'kicked' : 'banned' }]);

      const sendAnyway = await send(devices[0]!, roomId, 'still here?');
      assert.equal(!sendAnyway.ok && sendAnyway.error.code, 'ROOM_NOT_MEMBER');
      const rejoin = await roomCall(member, 'POST', `/${roomId}/join`);
      if (action === 'kick') assert.equal(rejoin.status, 200, 'a kick is not a ban');
      else assert.deepEqual([rejoin.status, rejoin.body.code], [403, 'ROOM_BANNED']);
    });
  }

  it('a ban with a duration lifts itself; an unban lifts it at once; bans are listed for moderators', async () => {
    const roomId = (await createRoom(owner)).id;
    const [timed, lifted] = await Promise.all([signUp('Timed'), signUp('Lifted')]);
    assert.equal((await roomCall(owner, 'POST', `/${roomId}/bans`, { userId: timed.userId, durationSeconds: 1 })).status, 204);
    assert.equal((await roomCall(owner, 'POST', `/${roomId}/bans`, { userId: lifted.userId })).status, 204);
    const bans = await roomCall<{ bans: { userId: string; expiresAt: string | null }[] }>(owner, 'GET', `/${roomId}/bans`);
    assert.deepEqual(bans.body.bans.map((ban) => ban.userId).sort(), [timed.userId, lifted.userId].sort());
    assert.equal((await roomCall(timed, 'POST', `/${roomId}/join`)).body.code, 'ROOM_BANNED');
    await sleep(1200);
    assert.equal((await roomCall(timed, 'POST', `/${roomId}/join`)).status, 200, 'the timed ban has ended');
    assert.equal((await roomCall(owner, 'DELETE', `/${roomId}/bans/${lifted.userId}`)).status, 204);
    assert.equal((await roomCall(lifted, 'POST', `/${roomId}/join`)).status, 200);
    assert.equal((await roomCall(owner, 'DELETE', `/${roomId}/bans/${lifted.userId}`)).body.code, 'ROOM_BAN_NOT_FOUND');
  });
});
