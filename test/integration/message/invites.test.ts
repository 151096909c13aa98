/** Invite links: they let people into private rooms, expire, run out of uses, and can be revoked. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { createRoom, roomCall } from '../../support/rooms.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Invite {
  id: string;
  code: string;
  uses: number;
  maxUses: number;
}

describe('invites', () => {
  let owner: SignedInUser;
  let roomId: string;

  before(async () => {
    owner = await signUp('Inviter');
    roomId = (await createRoom(owner, { visibility: 'private' })).id;
  });

  const invite = async (json: object) => {
    const reply = await roomCall<Invite>(owner, 'POST', `/${roomId}/invites`, json);
    assert.equal(reply.status, 201, reply.text);
    return reply.body;
  };
  const redeem = (user: SignedInUser, code: string) => roomCall(user, 'POST', `/invites/${code}/redeem`);

  it('lets people into a private room until its uses run out', async () => {
    const link = await invite({ maxUses: 2, expiresInSeconds: 600 });
    const [first, second, third] = await Promise.all([signUp('Guest 1'), signUp('Guest 2'), signUp('Guest 3')]);
    assert.equal((await redeem(first, link.code)).status, 200);
    assert.equal((await redeem(second, link.code)).status, 200);
    const late = await redeem(third, link.code);
    assert.deepEqual([late.status, late.body.code], [410, 'INVITE_USED_UP']);
    const listed = await roomCall<{ invites: Invite[] }>(owner, 'GET', `/${roomId}/invites`);
    assert.equal(listed.body.invites.find((entry) => entry.id === link.id)?.uses, 2);
    assert.equal((await roomCall(first, 'GET', `/${roomId}/messages`)).status, 200, 'the guest is a member');
  });

  it('counts uses exactly when several people redeem at once', async () => {
    const link = await invite({ maxUses: 2 });
    const guests = await Promise.all(Array.from({ length: 4 }, (_, index) => signUp(`Racer ${index}`)));
    const statuses = (await Promise.all(guests.map((guest) => redeem(guest, link.code)))).map((reply) => reply.status).sort();
    assert.deepEqual(statuses, [200, 200, 410, 410]);
  });

  it('expires', async () => {
    const link = await invite({ maxUses: 5, expiresInSeconds: 1 });
    await sleep(1200);
    const reply = await redeem(await signUp('Too late'), link.code);
    assert.deepEqual([reply.status, reply.body.code], [410, 'INVITE_EXPIRED']);
  });

  it('can be revoked, and unknown codes are not found', async () => {
    const link = await invite({ maxUses: 5 });
    assert.equal((await roomCall(owner, 'DELETE', `/${roomId}/invites/${link.id}`)).status, 204);
    const reply = await redeem(await signUp('Revoked guest'), link.code);
    assert.deepEqual([reply.status, reply.body.code], [410, 'INVITE_REVOKED']);
    assert.equal((await redeem(owner, 'A'.repeat(22))).body.code, 'INVITE_NOT_FOUND');
  });

  it('only moderators and above create them', async () => {
    const member = await signUp('Plain member');
    const link = await invite({});
    assert.equal((await redeem(member, link.code)).status, 200);
    const refused = await roomCall(member, 'POST', `/${roomId}/invites`, {});
    assert.deepEqual([refused.status, refused.body.code], [403, 'ROOM_FORBIDDEN']);
  });
});
