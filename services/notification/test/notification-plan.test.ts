/** A run of messages from several rooms is planned as each message alone would be. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planNotifications, recipientOf, type KnownRoom, type PlannedMessage, type RecipientFacts } from '../src/domain/notification-plan.ts';

const now = new Date('2026-11-26T12:00:00Z');
const message = (messageId: string, roomId: string, extra: Partial<PlannedMessage> = {}): PlannedMessage => ({ messageId, roomId, authorId: 'ada', body: `text of ${messageId}`, mentions: [], ...extra });
const facts = (extra: Partial<RecipientFacts> = {}): RecipientFacts => ({ mutedUntil: null, hideContent: false, tokens: ['phone'], ...extra });

describe('notification plan for a run of messages', () => {
  const rooms = new Map<string, KnownRoom>([
    ['lobby', { kind: 'group', deleted: false, memberIds: ['ada', 'bob', 'cy'] }],
    ['dm', { kind: 'direct', deleted: false, memberIds: ['ada', 'bob'] }],
    ['gone', { kind: 'group', deleted: true, memberIds: [] }],
  ]);

  it('pushes each offline member of each room once per message, never the author, never someone online', () => {
    const recipients = new Map([
      [recipientOf('lobby', 'bob'), facts({ tokens: ['bob-phone', 'bob-tablet'] })],
      [recipientOf('lobby', 'cy'), facts()],
      [recipientOf('dm', 'bob'), facts({ tokens: ['bob-phone', 'bob-tablet'] })],
    ]);
    const plan = planNotifications([message('m1', 'lobby'), message('m2', 'dm'), message('m3', 'lobby')], rooms, recipients, new Set(['cy']), now);
    assert.deepEqual(
      plan.pushes.map((push) => [push.messageId, push.userId, push.tokens]),
      [
        ['m1', 'bob', ['bob-phone', 'bob-tablet']],
        ['m2', 'bob', ['bob-phone', 'bob-tablet']],
        ['m3', 'bob', ['bob-phone', 'bob-tablet']],
      ],
    );
    assert.deepEqual(
      plan.feedItems.map((item) => [item.messageId, item.userId, item.reason]),
      [['m2', 'bob', 'direct']],
    );
  });

  it('each person’s level, mute and hide-content apply to their own room only', () => {
    const recipients = new Map([
      [recipientOf('lobby', 'bob'), facts({ level: 'mentions', hideContent: true })],
      [recipientOf('dm', 'bob'), facts({ level: 'mentions', hideContent: true })],
      [recipientOf('lobby', 'cy'), facts({ mutedUntil: new Date('2026-11-26T13:00:00Z') })],
    ]);
    const plan = planNotifications([message('m1', 'lobby'), message('m2', 'dm'), message('m3', 'lobby', { mentions: ['bob', 'cy'] })], rooms, recipients, new Set(), now);
    assert.deepEqual(
      plan.pushes.map((push) => [push.messageId, push.userId, push.preview]),
      [
        ['m2', 'bob', 'New message'],
        ['m3', 'bob', 'New message'],
      ],
    );
    assert.deepEqual(
      plan.feedItems.map((item) => [item.messageId, item.userId, item.preview]),
      [
        ['m2', 'bob', 'text of m2'],
        ['m3', 'bob', 'text of m3'],
        ['m3', 'cy', 'text of m3'],
      ],
    );
  });

  it('a message of a deleted or unknown room notifies nobody and is reported', () => {
    const plan = planNotifications([message('m1', 'gone'), message('m2', 'nowhere')], rooms, new Map(), new Set(), now);
    assert.deepEqual(plan.pushes, []);
    assert.deepEqual(plan.feedItems, []);
    assert.deepEqual(
      plan.unheard.map((unheard) => unheard.messageId),
      ['m1', 'm2'],
    );
  });

  it('a member without settings gets the defaults: pushed with the words, no devices means no token', () => {
    const plan = planNotifications([message('m1', 'lobby')], rooms, new Map(), new Set(['cy']), now);
    assert.deepEqual(plan.pushes, [{ userId: 'bob', roomId: 'lobby', messageId: 'm1', preview: 'text of m1', tokens: [] }]);
  });
});
