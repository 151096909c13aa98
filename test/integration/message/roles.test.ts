/** Role rules: nobody acts on a role at or above their own, and the last owner cannot walk away. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import type { EdgeReply } from '../../support/edge-client.ts';
import { createRoom, joinRoom, roomCall } from '../../support/rooms.ts';

describe('roles and permissions', () => {
  let owner: SignedInUser;
  let admin: SignedInUser;
  let moderator: SignedInUser;
  let member: SignedInUser;
  let other: SignedInUser;
  let roomId: string;

  before(async () => {
    [owner, admin, moderator, member, other] = await Promise.all([signUp('Owner'), signUp('Admin'), signUp('Moderator'), signUp('Member'), signUp('Other')]);
    roomId = (await createRoom(owner)).id;
    for (const user of [admin, moderator, member, other]) await joinRoom(user, roomId);
    assert.equal((await roomCall(owner, 'PATCH', `/${roomId}/members/${admin.userId}`, { role: 'admin' })).status, 204);
    assert.equal((await roomCall(admin, 'PATCH', `/${roomId}/members/${moderator.userId}`, { role: 'moderator' })).status, 204);
  });

  const refusedWith = async (promise: Promise<EdgeReply>, code: string) => {
    const reply = await promise;
    assert.equal(reply.status, 403, reply.text);
    assert.equal(reply.body.code, code);
  };

  it('a member can neither kick nor change roles nor edit the room', async () => {
    await refusedWith(roomCall(member, 'POST', `/${roomId}/members/${other.userId}/kick`), 'ROOM_FORBIDDEN');
    await refusedWith(roomCall(member, 'PATCH', `/${roomId}/members/${other.userId}`, { role: 'moderator' }), 'ROOM_FORBIDDEN');
    await refusedWith(roomCall(member, 'PATCH', `/${roomId}`, { description: 'mine now' }), 'ROOM_FORBIDDEN');
  });

  it('a moderator can kick members but not admins, and cannot grant roles', async () => {
    await refusedWith(roomCall(moderator, 'POST', `/${roomId}/members/${admin.userId}/kick`), 'ROOM_ROLE_TOO_LOW');
    await refusedWith(roomCall(moderator, 'POST', `/${roomId}/bans`, { userId: owner.userId }), 'ROOM_ROLE_TOO_LOW');
    await refusedWith(roomCall(moderator, 'PATCH', `/${roomId}/members/${member.userId}`, { role: 'moderator' }), 'ROOM_FORBIDDEN');
    const target = await signUp('Kick target');
    await joinRoom(target, roomId);
    assert.equal((await roomCall(moderator, 'POST', `/${roomId}/members/${target.userId}/kick`)).status, 204);
  });

  it('an admin cannot make another admin, touch another admin, or delete the room; the owner can', async () => {
    await refusedWith(roomCall(admin, 'PATCH', `/${roomId}/members/${member.userId}`, { role: 'admin' }), 'ROOM_ROLE_TOO_LOW');
    await refusedWith(roomCall(admin, 'PATCH', `/${roomId}/members/${owner.userId}`, { role: 'member' }), 'ROOM_ROLE_TOO_LOW');
    await refusedWith(roomCall(admin, 'DELETE', `/${roomId}`), 'ROOM_FORBIDDEN');
    await refusedWith(roomCall(admin, 'PATCH', `/${roomId}/members/${moderator.userId}`, { role: 'owner' }), 'ROOM_FORBIDDEN');
    const renamed = await roomCall<{ description: string }>(admin, 'PATCH', `/${roomId}`, { description: 'admins may edit' });
    assert.equal(renamed.body.description, 'admins may edit');
  });

  it('the last owner cannot leave, but can transfer ownership and then leave', async () => {
    const leave = await roomCall(owner, 'POST', `/${roomId}/leave`);
    assert.deepEqual([leave.status, leave.body.code], [409, 'ROOM_LAST_OWNER']);
    assert.equal((await roomCall(owner, 'POST', `/${roomId}/transfer-ownership`, { userId: admin.userId })).status, 204);
    const members = await roomCall<{ members: { userId: string; role: string }[] }>(admin, 'GET', `/${roomId}/members`);
    const roleOf = (user: SignedInUser) => members.body.members.find((entry) => entry.userId === user.userId)?.role;
    assert.equal(roleOf(admin), 'owner');
    assert.equal(roleOf(owner), 'admin');
    assert.equal((await roomCall(owner, 'POST', `/${roomId}/leave`)).status, 204);
    assert.equal((await roomCall(owner, 'GET', `/${roomId}/messages`)).body.code, 'ROOM_NOT_MEMBER');
  });

  it('the owner can delete the room; it is gone for everyone', async () => {
    assert.equal((await roomCall(member, 'DELETE', `/${roomId}`)).body.code, 'ROOM_FORBIDDEN');
    assert.equal((await roomCall(admin, 'DELETE', `/${roomId}`)).status, 204);
    assert.equal((await roomCall(member, 'GET', `/${roomId}`)).status, 404);
    assert.equal((await roomCall(member, 'POST', `/${roomId}/messages`, { clientMsgId: 'gone', body: 'hello?' })).body.code, 'ROOM_NOT_FOUND');
  });
});
