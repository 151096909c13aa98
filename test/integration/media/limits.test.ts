/** What may not be uploaded: types off the allow-list (a renamed executable above all), files past their type's limit. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { edgeLimits } from '../../../mesh/src/mesh/edge-config.ts';
import { signUp } from '../../support/auth-users.ts';
import { createRoom } from '../../support/rooms.ts';
import { edgeBinaryRequest, uploadToRoom } from '../../support/media-client.ts';

const mib = 1024 * 1024;

/** The start of a Windows PE executable: an MZ header pointing at a PE signature. */
function windowsExecutable(): Buffer {
  const exe = Buffer.alloc(1024);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'latin1');
  return exe;
}

describe('media: type and size limits', () => {
  it('refuses a renamed executable whatever its name and claimed type say', async () => {
    const owner = await signUp('Exe');
    const room = await createRoom(owner);
    const reply = await uploadToRoom(owner, room.id, { name: 'holiday.jpg', contentType: 'image/jpeg', bytes: windowsExecutable() });
    assert.equal(reply.status, 415);
    const problem = reply.json<{ code: string; detectedType: string }>();
    assert.equal(problem.code, 'MEDIA_TYPE_NOT_ALLOWED');
    assert.equal(problem.detectedType, 'application/x-msdownload');
    assert.match(String(reply.headers['content-type']), /application\/problem\+json/);
  });

  it('refuses HTML and binary files it cannot identify', async () => {
    const owner = await signUp('Html');
    const room = await createRoom(owner);
    const unknown = await uploadToRoom(owner, room.id, { name: 'data.bin', bytes: Buffer.from([0, 159, 146, 150, 0, 1, 2, 3, 255, 0]) });
    assert.equal(unknown.status, 415);
    const elf = await uploadToRoom(owner, room.id, { name: 'run.txt', contentType: 'text/plain', bytes: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(512)]) });
    assert.equal(elf.status, 415);
  });

  it('limits each type to its own size: an image just past 20 MiB and text past 10 MiB are 413', async () => {
    const owner = await signUp('Sizes');
    const room = await createRoom(owner);
    const pngHeader = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const bigImage = Buffer.concat([pngHeader, Buffer.alloc(20 * mib + 1 - pngHeader.length)]);
    const refused = await uploadToRoom(owner, room.id, { name: 'huge.png', bytes: bigImage });
    assert.equal(refused.status, 413);
    assert.equal(refused.json<{ code: string }>().code, 'MEDIA_TOO_LARGE');

    const text = await uploadToRoom(owner, room.id, { name: 'long.txt', bytes: Buffer.alloc(10 * mib + 1, 'a') });
    assert.equal(text.status, 413, 'text is limited to 10 MiB');
    const empty = await uploadToRoom(owner, room.id, { name: 'empty.txt', bytes: Buffer.alloc(0) });
    assert.equal(empty.json<{ code: string }>().code, 'MEDIA_EMPTY');
  });

  it('the edge refuses a declared length above its media limit before a byte is read, and a body without a length', async () => {
    const owner = await signUp('Edge');
    const room = await createRoom(owner);
    const path = `/api/media/rooms/${room.id}/uploads`;
    const tooLarge = await edgeBinaryRequest('POST', path, { token: owner.accessToken, headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(edgeLimits.maxMediaUploadBytes + 1) } });
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.json<{ code: string }>().code, 'EDGE_BODY_TOO_LARGE');
    const notMultipart = await edgeBinaryRequest('POST', path, { token: owner.accessToken, headers: { 'content-type': 'application/json' }, body: { length: 2, chunks: (async function* () { yield Buffer.from('{}'); })() } });
    assert.equal(notMultipart.json<{ code: string }>().code, 'MEDIA_UPLOAD_INVALID');
  });
});
