/** maxMembers holds under concurrency: racing joins for the last seat give exactly one success. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signUp } from '../../support/auth-users.ts';
import { createRoom, roomCall } from '../../support/rooms.ts';

describe('the last seat', () => {
  it('goes to exactly one of several users joining at the same moment, in each of 5 rooms', async () => {
    const owner = await signUp('Small room owner');
    const contenders = await Promise.all(Array.from({ length: 4 }, (_, index) => signUp(`Contender ${index}`)));
    for (let round = 0; round < 5; round++) {
      const room = await createRoom(owner, { maxMembers: 2 });
      const replies = await Promise.all(contenders.map((user) => roomCall(user, 'POST', `/${room.id}/join`)));
      const statuses = replies.map((reply) => reply.status).sort();
      assert.deepEqual(statuses, [200, 409, 409, 409], JSON.stringify(replies.map((reply) => reply.body)));
      assert.ok(replies.filter((reply) => reply.status === 409).every((reply) => reply.body.code === 'ROOM_FULL'));
      const members = await roomCall<{ members: unknown[] }>(owner, 'GET', `/${room.id}/members`);
      assert.equal(members.body.members.length, 2);
      assert.equal((await roomCall<{ memberCount: number }>(owner, 'GET', `/${room.id}`)).body.memberCount, 2);
    }
  });
});
