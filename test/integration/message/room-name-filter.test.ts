/**
 * The Redis cuckoo filter behind room-name availability, as the message service's Redis user:
 * no false negatives even when nearly full, deletions work, false positives stay rare, a full
 * filter refuses an insert without losing anything, and racing inserts all land.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { withRedis } from '../../support/clients.ts';
import { credentials, uniqueName } from '../../support/stack.ts';
import { createRoomNameFilter, type RoomNameFilter } from '../../../services/message/src/store/room-name-filter.ts';

const asMessage = <T>(work: (redis: Redis) => Promise<T>) => withRedis(credentials().redis.services.message, 'message', work);

async function withFilter<T>(bucketCount: number, work: (filter: RoomNameFilter, key: string) => Promise<T>): Promise<T> {
  return asMessage(async (redis) => {
    const key = `message:room-names:test:${uniqueName('f')}`;
    try {
      return await work(createRoomNameFilter(redis, { key, bucketCount }), key);
    } finally {
      await redis.del(key);
    }
  });
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix} room ${index}`);

describe('room name cuckoo filter', () => {
  it('reports every added name at 90% load, and rarely a name never added', async () => {
    // 1024 buckets × 4 slots = 4096 slots; 3686 names is 90%.
    await withFilter(1024, async (filter) => {
      const added = names('added', 3686);
      const results = await Promise.all(added.map((name) => filter.add(name)));
      assert.ok(results.every(Boolean), `${results.filter((ok) => !ok).length} inserts refused below 90% load`);
      const present = await Promise.all(added.map((name) => filter.mightContain(name)));
      assert.equal(present.filter((found) => !found).length, 0, 'no false negatives');
      const strangers = await Promise.all(names('never', 20_000).map((name) => filter.mightContain(name)));
      const falsePositiveRate = strangers.filter(Boolean).length / strangers.length;
      // Bound for 4-slot buckets and 16-bit fingerprints: 2·4/2^16 ≈ 0.012%; allow 5×.
      assert.ok(falsePositiveRate < 0.0006, `false-positive rate ${falsePositiveRate}`);
    });
  });

  it('forgets removed names and keeps the rest', async () => {
    await withFilter(256, async (filter) => {
      const all = names('churn', 600);
      for (const name of all) assert.ok(await filter.add(name));
      const [removed, kept] = [all.slice(0, 300), all.slice(300)];
      for (const name of removed) assert.ok(await filter.remove(name));
      assert.ok((await Promise.all(kept.map((name) => filter.mightContain(name)))).every(Boolean), 'kept names still present');
      const stillThere = (await Promise.all(removed.map((name) => filter.mightContain(name)))).filter(Boolean).length;
      assert.ok(stillThere <= 2, `${stillThere} removed names still reported (only fingerprint twins may remain)`);
      assert.equal(await filter.remove('never added'), false);
    });
  });

  it('refuses an insert when full, without losing any name already in it', async () => {
    await withFilter(8, async (filter) => {
      const accepted: string[] = [];
      for (const name of names('crowd', 64)) if (await filter.add(name)) accepted.push(name);
      assert.ok(accepted.length < 64, 'a 32-slot filter cannot take 64 names');
      assert.ok(accepted.length >= 24, `only ${accepted.length} of 32 slots used`);
      assert.ok((await Promise.all(accepted.map((name) => filter.mightContain(name)))).every(Boolean), 'no accepted name was lost by a failed insert');
    });
  });

  it('keeps every name when four clients insert at once', async () => {
    await withFilter(512, async (filter, key) => {
      const racing = names('race', 1200);
      const lanes = [0, 1, 2, 3].map((lane) =>
        asMessage(async (own) => {
          const laneFilter = createRoomNameFilter(own, { key, bucketCount: 512 });
          return Promise.all(racing.filter((_, index) => index % 4 === lane).map((name) => laneFilter.add(name)));
        }),
      );
      assert.ok((await Promise.all(lanes)).flat().every(Boolean));
      assert.ok((await Promise.all(racing.map((name) => filter.mightContain(name)))).every(Boolean));
    });
  });
});
