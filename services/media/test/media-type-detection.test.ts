import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { detectMediaType } from '../src/domain/detect-media-type.ts';
import { isInlineSafe } from '../src/domain/media-types.ts';

const detectedMime = async (bytes: Buffer) => {
  const detected = await detectMediaType(bytes);
  return detected.allowed ? detected.type.mime : `refused:${detected.detected}`;
};

describe('the type of an upload comes from its bytes', () => {
  it('recognises allowed images whatever they are called', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#f00' } }).png().toBuffer();
    const jpeg = await sharp(png).jpeg().toBuffer();
    assert.equal(await detectedMime(png), 'image/png');
    assert.equal(await detectedMime(jpeg), 'image/jpeg');
  });

  it('refuses executables, even renamed', async () => {
    const windowsExe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0'), Buffer.alloc(200)]);
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(100)]);
    assert.match(await detectedMime(windowsExe), /^refused:/);
    assert.match(await detectedMime(elf), /^refused:/);
  });

  it('accepts plain UTF-8 text, refuses binary without a known signature', async () => {
    assert.equal(await detectedMime(Buffer.from('hello, this is a note ✓\n')), 'text/plain');
    assert.equal(await detectedMime(Buffer.from([0, 1, 2, 3, 250, 251, 252, 0, 0, 7])), 'refused:unknown');
  });

  it('shows only raster images inline', () => {
    assert.ok(isInlineSafe('image/png'));
    for (const mime of ['image/svg+xml', 'text/html', 'application/pdf', 'text/plain']) assert.ok(!isInlineSafe(mime), mime);
  });
});
