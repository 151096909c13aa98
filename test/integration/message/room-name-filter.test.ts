/**
 * The Redis cuckoo filter behind room-name availability, as the message service's Redis user:
 * no false negatives even when nearly full, deletions work, false positives stay within the
 * theoretical bound, a full filter refuses an insert without touching what it holds, racing
 * inserts on separate connections all land, and a differently sized client is refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { withRedis } from '../../support/clients.ts';
import { credentials, uniqueName } from '../../support/stack.ts';
import { createRoomNameFilter, isRoomNameFilterLayoutError, type RoomNameFilter, type RoomNameFilterOptions } from '../../../services/message/src/store/room-name-filter.ts';

const asMessage = <T>(work: (redis: Redis) => Promise<T>) => withRedis(credentials().redis.services.message, 'message', work);

async function withFilter<T>(options: Omit<RoomNameFilterOptions, 'key'>, work: (filter: RoomNameFilter, key: string, redis: Redis) => Promise<T>): Promise<T> {
  return asMessage(async (redis) => {
    const key = `message:room-names:test:${uniqueName('f')}`;
    try {
      return await work(createRoomNameFilter(redis, { ...options, key }), key, redis);
    } finally {
      await redis.del(key);
    }
  });
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix} room ${index}`);
const countTrue = (results: boolean[]) => results.filter(Boolean).length;

/**
 * Most positives `queries` names never added may give: the bound 2·b/2^f per query (a name is
 * checked against 2·b slots, each matching with probability 1/2^f), plus four standard
 * deviations of sampling noise so the assertion is about the filter, not about luck.
 */
function falsePositiveAllowance(queries: number, bucketSize: number, fingerprintBits: number): number {
  const expected = (queries * 2 * bucketSize) / 2 ** fingerprintBits;
  return expected + 4 * Math.sqrt(expected);
}

// 2048 buckets × 4 slots = 8192 slots.
const bucketCount = 2048;
const slots = bucketCount * 4;

describe('room name cuckoo filter', () => {
  for (const fingerprintBits of [8, 12, 16]) {
    it(`${fingerprintBits}-bit fingerprints: every added name is found at 93% load, and names never added rarely are`, async () => {
      await withFilter({ bucketCount, fingerprintBits }, async (filter) => {
        const added = names('added', 7600);
        const accepted = await Promise.all(added.map((name) => filter.add(name)));
        assert.equal(accepted.length - countTrue(accepted), 0, `inserts refused at ${(added.length / slots).toFixed(3)} load`);
        const found = await Promise.all(added.map((name) => filter.mightContain(name)));
        assert.equal(found.length - countTrue(found), 0, 'no false negatives');
        const strangers = names('never', 20_000);
        const positives = countTrue(await Promise.all(strangers.map((name) => filter.mightContain(name))));
        const allowance = falsePositiveAllowance(strangers.length, 4, fingerprintBits);
        assert.ok(positives <= allowance, `${positives} false positives in ${strangers.length} (allowed ${allowance.toFixed(1)})`);
      });
    });
  }

  for (const fingerprintBits of [8, 16]) {
    it(`${fingerprintBits}-bit fingerprints: removed names are gone, bar fingerprint twins, and the rest stay`, async () => {
      await withFilter({ bucketCount, fingerprintBits }, async (filter) => {
        const all = names('churn', 6000);
        assert.equal(countTrue(await Promise.all(all.map((name) => filter.add(name)))), all.length);
        const [removed, kept] = [all.slice(0, 3000), all.slice(3000)];
        assert.equal(countTrue(await Promise.all(removed.map((name) => filter.remove(name)))), removed.length, 'every added name can be removed');
        assert.equal(countTrue(await Promise.all(kept.map((name) => filter.mightContain(name)))), kept.length, 'kept names still present');
        // A removed name still reported shares a bucket and fingerprint with a kept one: a false positive.
        const lingering = countTrue(await Promise.all(removed.map((name) => filter.mightContain(name))));
        const allowance = falsePositiveAllowance(removed.length, 4, fingerprintBits);
        assert.ok(lingering <= allowance, `${lingering} removed names still reported (allowed ${allowance.toFixed(1)})`);
        assert.equal(countTrue(await Promise.all(removed.map((name) => filter.add(name)))), removed.length, 'freed slots take names again');
      });
    });
  }

  it('removes one occurrence at a time, and nothing for a name never added', async () => {
    await withFilter({ bucketCount }, async (filter) => {
      assert.ok(await filter.add('twice'));
      assert.ok(await filter.add('twice'));
      assert.ok(await filter.remove('twice'));
      assert.ok(await filter.mightContain('twice'), 'the second occurrence is still there');
      assert.ok(await filter.remove('twice'));
      assert.equal(await filter.mightContain('twice'), false);
      assert.equal(await filter.remove('never added'), false);
      assert.equal(await filter.remove('twice'), false);
    });
  });

  it('refuses an insert when full, leaving every stored fingerprint exactly where it was', async () => {
    await withFilter({ bucketCount: 8 }, async (filter, key, redis) => {
      const accepted: string[] = [];
      let refused = 0;
      for (const name of names('crowd', 64)) {
        const before = await redis.getBuffer(key);
        if (await filter.add(name)) {
          accepted.push(name);
        } else {
          refused++;
          assert.deepEqual(await redis.getBuffer(key), before, `refusing "${name}" changed the filter`);
        }
      }
      assert.ok(refused >= 32, `a 32-slot filter refused only ${refused} of 64 names`);
      assert.ok(accepted.length >= 24, `only ${accepted.length} of 32 slots used before refusing`);
      assert.equal(countTrue(await Promise.all(accepted.map((name) => filter.mightContain(name)))), accepted.length, 'no accepted name was lost');
    });
  });

  it('keeps every name when eight connections insert at once, kicking as the filter fills', async () => {
    await withFilter({ bucketCount }, async (filter, key) => {
      const racing = names('race', 7600);
      const lanes = Array.from({ length: 8 }, (_, lane) =>
        asMessage(async (own) => {
          const laneFilter = createRoomNameFilter(own, { key, bucketCount });
          return Promise.all(racing.filter((_, index) => index % 8 === lane).map((name) => laneFilter.add(name)));
        }),
      );
      const accepted = (await Promise.all(lanes)).flat();
      assert.equal(countTrue(accepted), racing.length, 'every racing insert accepted');
      assert.equal(countTrue(await Promise.all(racing.map((name) => filter.mightContain(name)))), racing.length, 'every racing insert present');
    });
  });

  it('refuses a client sized differently from the filter already in Redis', async () => {
    await withFilter({ bucketCount }, async (filter, key, redis) => {
      assert.ok(await filter.add('sized once'));
      const resized = createRoomNameFilter(redis, { key, bucketCount: bucketCount * 2 });
      await assert.rejects(resized.mightContain('sized once'), isRoomNameFilterLayoutError);
      await assert.rejects(resized.add('sized twice'), isRoomNameFilterLayoutError);
      const narrower = createRoomNameFilter(redis, { key, bucketCount, fingerprintBits: 12 });
      await assert.rejects(narrower.mightContain('sized once'), isRoomNameFilterLayoutError);
      assert.ok(await filter.mightContain('sized once'));
    });
  });
});
