import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProblemError } from '@lynk/common';
import { assertCanDelete, assertCanEdit } from '../src/domain/message-permissions.ts';
import type { RoomRole } from '../src/domain/room-role.ts';

const codeOf = (check: () => void) => {
  try {
    check();
    return 'ok';
  } catch (error) {
    return (error as ProblemError).code;
  }
};

describe('message permissions', () => {
  const message = { authorId: 'author', deletedAt: null };

  it('only the author edits, and nobody edits a deleted message', () => {
    assert.equal(codeOf(() => assertCanEdit(message, 'author')), 'ok');
    assert.equal(codeOf(() => assertCanEdit(message, 'someone-else')), 'MESSAGE_NOT_AUTHOR');
    assert.equal(codeOf(() => assertCanEdit({ ...message, deletedAt: new Date() }, 'author')), 'MESSAGE_DELETED');
  });

  it("the author deletes their own; moderators and above delete anyone's; members do not", () => {
    assert.equal(codeOf(() => assertCanDelete(message, 'author', 'member')), 'ok');
    const byRole = (role: RoomRole) => codeOf(() => assertCanDelete(message, 'other', role));
    assert.deepEqual((['member', 'moderator', 'admin', 'owner'] as const).map(byRole), ['ROOM_FORBIDDEN', 'ok', 'ok', 'ok']);
  });
});
