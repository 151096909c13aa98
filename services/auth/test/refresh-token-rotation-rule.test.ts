import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideRefresh, type StoredRefreshToken } from '../src/domain/refresh-token.ts';

const now = new Date('2026-08-01T12:00:00Z');
const live: StoredRefreshToken = { familyId: 'family-1', revokedAt: null, replacedBy: null, expiresAt: new Date(now.getTime() + 86_400_000) };

describe('refresh token rotation rule', () => {
  it('rotates a live, unspent token', () => {
    assert.equal(decideRefresh(live, now), 'rotate');
  });

  it('calls an unknown token invalid', () => {
    assert.equal(decideRefresh(undefined, now), 'invalid');
  });

  it('calls a token that was already replaced reuse, so the caller revokes the family', () => {
    assert.equal(decideRefresh({ ...live, replacedBy: 'token-2' }, now), 'reused');
  });

  it('still reports reuse when the spent token has also expired or the family was revoked', () => {
    assert.equal(decideRefresh({ ...live, replacedBy: 'token-2', expiresAt: new Date(now.getTime() - 1) }, now), 'reused');
    assert.equal(decideRefresh({ ...live, replacedBy: 'token-2', revokedAt: new Date(now.getTime() - 1) }, now), 'reused');
  });

  it('calls a token of a revoked session invalid', () => {
    assert.equal(decideRefresh({ ...live, revokedAt: new Date(now.getTime() - 1) }, now), 'invalid');
  });

  it('calls a token expired from its expiry instant on', () => {
    assert.equal(decideRefresh({ ...live, expiresAt: new Date(now.getTime() + 1) }, now), 'rotate');
    assert.equal(decideRefresh({ ...live, expiresAt: now }, now), 'expired');
  });
});
