import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProblemError } from '@lynk/common';
import { inspectIncomingFile } from '../src/use-cases/incoming-file.ts';

const mp4Head = Buffer.from('000000186674797069736f6d0000020069736f6d6d703431', 'hex');

/** A client sending `chunks`, recording how many it was asked for. */
function sender(chunks: Buffer[]) {
  const state = { pulled: 0 };
  async function* bytes() {
    for (const chunk of chunks) {
      state.pulled++;
      yield chunk;
    }
  }
  return { state, file: { clientName: 'clip.mp4', bytes: bytes() } };
}

async function drain(bytes: AsyncIterable<Buffer>): Promise<number> {
  let total = 0;
  for await (const chunk of bytes) total += chunk.length;
  return total;
}

const codeOf = async (work: Promise<unknown>) => {
  try {
    await work;
    return 'ok';
  } catch (error) {
    return (error as ProblemError).code;
  }
};

describe('an incoming file', () => {
  it('passes every byte on, the sniffed head included', async () => {
    const { file } = sender([mp4Head.subarray(0, 5), mp4Head.subarray(5), Buffer.alloc(10_000, 1), Buffer.alloc(3, 2)]);
    const inspected = await inspectIncomingFile(file);
    assert.equal(inspected.type.mime, 'video/mp4');
    assert.equal(await drain(inspected.bytes), mp4Head.length + 10_003);
  });

  it('is refused on its first bytes: the rest is never read', async () => {
    const { file, state } = sender([Buffer.concat([Buffer.from('MZ'), Buffer.alloc(5000)]), ...Array.from({ length: 100 }, () => Buffer.alloc(1024))]);
    assert.equal(await codeOf(inspectIncomingFile(file)), 'MEDIA_TYPE_NOT_ALLOWED');
    assert.equal(state.pulled, 1);
  });

  it('fails the moment it passes its limit, not after', async () => {
    const { file, state } = sender([mp4Head, ...Array.from({ length: 100 }, () => Buffer.alloc(1000))]);
    const inspected = await inspectIncomingFile(file, { maxBytes: () => 5000 });
    assert.equal(await codeOf(drain(inspected.bytes)), 'MEDIA_TOO_LARGE');
    assert.ok(state.pulled <= 7, `read ${state.pulled} chunks`);
  });

  it('an empty file, or one a caller does not accept, is refused', async () => {
    assert.equal(await codeOf(inspectIncomingFile(sender([]).file)), 'MEDIA_EMPTY');
    assert.equal(await codeOf(inspectIncomingFile(sender([mp4Head]).file, { accept: (type) => type.kind === 'image' })), 'MEDIA_TYPE_NOT_ALLOWED');
  });
});
