import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRange } from '../src/domain/byte-range.ts';

describe('Range requests', () => {
  it('serve the whole file without a Range header', () => {
    assert.deepEqual(parseRange(undefined, 100), { kind: 'whole' });
  });

  it('read a closed, an open-ended and a suffix range', () => {
    assert.deepEqual(parseRange('bytes=0-9', 100), { kind: 'range', range: { start: 0, end: 9 } });
    assert.deepEqual(parseRange('bytes=90-', 100), { kind: 'range', range: { start: 90, end: 99 } });
    assert.deepEqual(parseRange('bytes=-10', 100), { kind: 'range', range: { start: 90, end: 99 } });
  });

  it('clip an end past the file to its last byte', () => {
    assert.deepEqual(parseRange('bytes=50-1000', 100), { kind: 'range', range: { start: 50, end: 99 } });
    assert.deepEqual(parseRange('bytes=-1000', 100), { kind: 'range', range: { start: 0, end: 99 } });
  });

  it('refuse a range that starts past the end', () => {
    assert.deepEqual(parseRange('bytes=100-', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRange('bytes=-0', 100), { kind: 'unsatisfiable' });
  });

  it('ignore what they do not support: several ranges, other units, nonsense', () => {
    for (const header of ['bytes=0-1,5-6', 'items=0-1', 'bytes=abc', 'bytes=9-2', 'bytes=-']) assert.deepEqual(parseRange(header, 100), { kind: 'whole' }, header);
  });
});
