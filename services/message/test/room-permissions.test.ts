import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProblemError } from '@lynk/common';
import { assertCanActOn, assertCanGrant, canPerform } from '../src/domain/room-permissions.ts';
import type { RoomRole } from '../src/domain/room-role.ts';

const codeOf = (action: () => void) => {
  try {
    action();
    return 'allowed';
  } catch (error) {
    return (error as ProblemError).code;
  }
};

describe('room permissions', () => {
  it('each action needs its minimum role', () => {
    const table: [RoomRole, Parameters<typeof canPerform>[1], boolean][] = [
      ['member', 'kick', false],
      ['moderator', 'kick', true],
      ['moderator', 'remove-member', false],
      ['admin', 'update-room', true],
      ['admin', 'delete-room', false],
      ['owner', 'delete-room', true],
      ['moderator', 'manage-invites', true],
      ['member', 'manage-invites', false],
      ['admin', 'transfer-ownership', false],
    ];
    for (const [role, action, allowed] of table) assert.equal(canPerform(role, action), allowed, `${role} ${action}`);
  });

  it('nobody acts on a role at or above their own', () => {
    assert.equal(codeOf(() => assertCanActOn('moderator', 'kick', 'member')), 'allowed');
    assert.equal(codeOf(() => assertCanActOn('moderator', 'kick', 'moderator')), 'ROOM_ROLE_TOO_LOW');
    assert.equal(codeOf(() => assertCanActOn('admin', 'ban', 'owner')), 'ROOM_ROLE_TOO_LOW');
    assert.equal(codeOf(() => assertCanActOn('member', 'kick', 'member')), 'ROOM_FORBIDDEN');
  });

  it('roles granted must be below the granter, and ownership only moves by transfer', () => {
    assert.equal(codeOf(() => assertCanGrant('admin', 'member', 'moderator')), 'allowed');
    assert.equal(codeOf(() => assertCanGrant('admin', 'member', 'admin')), 'ROOM_ROLE_TOO_LOW');
    assert.equal(codeOf(() => assertCanGrant('owner', 'member', 'admin')), 'allowed');
    assert.equal(codeOf(() => assertCanGrant('owner', 'admin', 'owner')), 'ROOM_FORBIDDEN');
    assert.equal(codeOf(() => assertCanGrant('moderator', 'member', 'member')), 'ROOM_FORBIDDEN');
  });
});
