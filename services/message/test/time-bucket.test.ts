import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { bucketOfMessage, isUuidV7, uuidv7Time } from '../src/domain/time-bucket.ts';
import { uuidv7Floor } from '../src/store/event-outbox.ts';
import { normaliseRoomName } from '../src/domain/room-name.ts';

describe('time buckets and ids', () => {
  it('reads the millisecond a UUIDv7 was made and puts it in its bucket', () => {
    const at = Date.UTC(2026, 10, 23, 12, 0, 9, 999);
    const id = uuidv7({ msecs: at });
    assert.equal(uuidv7Time(id), at);
    assert.equal(bucketOfMessage(id, 10), Math.floor(at / 10_000));
    assert.equal(bucketOfMessage(uuidv7({ msecs: at + 1 }), 10), Math.floor(at / 10_000) + 1);
    assert.ok(isUuidV7(id));
    assert.ok(!isUuidV7('01900000-0000-4000-8000-000000000000'));
  });

  it('the floor id of a millisecond sorts before every id made in it and after every earlier one', () => {
    const at = Date.now();
    const floor = uuidv7Floor(at);
    assert.ok(isUuidV7(floor));
    assert.ok(floor < uuidv7({ msecs: at }));
    assert.ok(floor > uuidv7({ msecs: at - 1 }));
  });

  it('room names compare case-, width- and space-insensitively', () => {
    assert.equal(normaliseRoomName('  The   Lobby '), 'the lobby');
    assert.equal(normaliseRoomName('ＬＯＢＢＹ'), 'lobby');
  });
});
