import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concurrencyLimit } from '../src/providers/concurrency-limit.ts';

describe('image processing in turn', () => {
  it('runs at most the limit at once, all of them eventually, failures included', async () => {
    const inTurn = concurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const task = (index: number) =>
      inTurn(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running--;
        if (index === 3) throw new Error('bad image');
        return index;
      });
    const results = await Promise.allSettled(Array.from({ length: 7 }, (_, index) => task(index)));
    assert.equal(peak, 2);
    assert.deepEqual(results.map((result) => (result.status === 'fulfilled' ? result.value : 'failed')), [0, 1, 2, 'failed', 4, 5, 6]);
  });
});
