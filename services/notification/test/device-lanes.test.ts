/** Pushes spread over lanes sent side by side, a device's pushes always in one lane, in order. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deviceLanes } from '../src/domain/device-lanes.ts';

const push = (token: string, messageId: string) => ({ token, messageId });

describe('device lanes', () => {
  it('keeps every push to one device in one lane, in the order given', () => {
    const pushes = [push('a', '1'), push('b', '1'), push('a', '2'), push('c', '1'), push('b', '2'), push('a', '3')];
    const lanes = deviceLanes(pushes, 2);
    for (const token of ['a', 'b', 'c']) {
      const holding = lanes.filter((lane) => lane.some((entry) => entry.token === token));
      assert.equal(holding.length, 1, `device ${token} in one lane`);
      assert.deepEqual(
        holding[0]!.filter((entry) => entry.token === token).map((entry) => entry.messageId),
        pushes.filter((entry) => entry.token === token).map((entry) => entry.messageId),
      );
    }
    assert.equal(lanes.flat().length, pushes.length, 'nothing lost or doubled');
  });

  it('uses as many lanes as there are devices, up to the limit', () => {
    assert.equal(deviceLanes([push('a', '1'), push('a', '2')], 8).length, 1);
    assert.equal(deviceLanes(Array.from({ length: 20 }, (_, index) => push(`device-${index}`, '1')), 8).length, 8);
    assert.deepEqual(deviceLanes([], 8), []);
  });
});
