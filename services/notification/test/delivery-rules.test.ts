import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, type NewMessage, type Recipient } from '../src/domain/delivery-rules.ts';

const now = new Date('2026-11-26T12:00:00Z');
const author = 'author';
const plain: NewMessage = { authorId: author, roomKind: 'group', mentions: [] };
const offline = (extra: Partial<Recipient> = {}): Recipient => ({ userId: 'reader', online: false, ...extra });

describe('delivery rules', () => {
  it('the author hears nothing about their own message', () => {
    assert.deepEqual(decide(plain, offline({ userId: author }), now), { feed: null, push: false });
  });

  it('an offline member is pushed, an online member is not; neither gets a feed item for a plain message', () => {
    assert.deepEqual(decide(plain, offline(), now), { feed: null, push: true });
    assert.deepEqual(decide(plain, offline({ online: true }), now), { feed: null, push: false });
  });

  it('mentions-only pushes for a mention by id or @room, not for @here or plain messages', () => {
    const level = { level: 'mentions' as const };
    assert.equal(decide(plain, offline(level), now).push, false);
    assert.equal(decide({ ...plain, mentions: ['reader'] }, offline(level), now).push, true);
    assert.equal(decide({ ...plain, mentions: ['room'] }, offline(level), now).push, true);
    assert.equal(decide({ ...plain, mentions: ['here'] }, offline(level), now).push, false);
  });

  it('mentions land in the feed whether or not the person is online', () => {
    assert.deepEqual(decide({ ...plain, mentions: ['reader'] }, offline({ online: true }), now), { feed: 'mention', push: false });
  });

  it('level none and a mute silence pushes, even for mentions; an expired mute does not', () => {
    const mention = { ...plain, mentions: ['reader'] };
    assert.equal(decide(mention, offline({ level: 'none' }), now).push, false);
    assert.equal(decide(mention, offline({ mutedUntil: new Date(now.getTime() + 60_000) }), now).push, false);
    assert.equal(decide(mention, offline({ mutedUntil: new Date(now.getTime() - 1) }), now).push, true);
  });

  it('direct messages notify by default and reach the feed; mentions-only still notifies there', () => {
    const direct: NewMessage = { ...plain, roomKind: 'direct' };
    assert.deepEqual(decide(direct, offline(), now), { feed: 'direct', push: true });
    assert.equal(decide(direct, offline({ level: 'mentions' }), now).push, true);
  });
});
