/**
 * Done-when of the media issue: a person attaches an image in a room, another member sees its
 * thumbnail and downloads it, byte ranges included; the picture's GPS position does not travel.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { signUp } from '../../support/auth-users.ts';
import { createRoom, joinRoom } from '../../support/rooms.ts';
import { edgeBinaryRequest, getMedia, uploaded } from '../../support/media-client.ts';

/** A 640×480 JPEG carrying an EXIF GPS position, as phones write them. */
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'LynkPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } })
    .toBuffer();
}

describe('media: upload, download, thumbnail, ranges', () => {
  it('another member sees the thumbnail and downloads the image, without its EXIF GPS', async () => {
    const [author, reader] = await Promise.all([signUp('Author'), signUp('Reader')]);
    const room = await createRoom(author);
    await joinRoom(reader, room.id);
    const photo = await photoWithGps();
    assert.ok((await sharp(photo).metadata()).exif, 'the original carries EXIF');

    const view = await uploaded(author, room.id, { name: 'IMG_0001.jpeg', contentType: 'image/jpeg', bytes: photo });
    assert.deepEqual({ kind: view.kind, contentType: view.contentType, width: view.width, height: view.height, fileName: view.fileName }, { kind: 'image', contentType: 'image/jpeg', width: 640, height: 480, fileName: 'IMG_0001.jpg' });
    assert.match(view.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/, 'a UUIDv7 names it');

    const thumbnail = await getMedia(reader, view.thumbnailUrl!);
    assert.equal(thumbnail.status, 200);
    assert.equal(thumbnail.headers['content-type'], 'image/webp');
    const thumbnailSize = await sharp(thumbnail.body).metadata();
    assert.ok(Math.max(thumbnailSize.width!, thumbnailSize.height!) <= 320, 'a thumbnail is small');

    const download = await getMedia(reader, view.url);
    assert.equal(download.status, 200);
    assert.equal(download.headers['content-type'], 'image/jpeg');
    assert.match(String(download.headers['content-disposition']), /^inline; filename="IMG_0001\.jpg"/);
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.equal(download.headers['cache-control'], 'private, no-cache');
    const served = await sharp(download.body).metadata();
    assert.deepEqual({ width: served.width, height: served.height }, { width: 640, height: 480 });
    assert.equal(served.exif, undefined, 'no EXIF, so no GPS position, reaches other members');
  });

  it('serves byte ranges: 206 with Content-Range, suffix ranges, and 416 past the end', async () => {
    const owner = await signUp('Ranges');
    const room = await createRoom(owner);
    const text = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz\n'.repeat(1000));
    const view = await uploaded(owner, room.id, { name: 'notes.txt', bytes: text });
    assert.equal(view.size, text.length);

    const middle = await getMedia(owner, view.url, { range: 'bytes=10-19' });
    assert.equal(middle.status, 206);
    assert.equal(middle.headers['content-range'], `bytes 10-19/${text.length}`);
    assert.equal(middle.body.toString(), 'abcdefghij');

    const tail = await getMedia(owner, view.url, { range: 'bytes=-4' });
    assert.equal(tail.status, 206);
    assert.deepEqual(tail.body, text.subarray(text.length - 4));

    const beyond = await getMedia(owner, view.url, { range: `bytes=${text.length}-` });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers['content-range'], `bytes */${text.length}`);
    assert.equal(beyond.json<{ code: string }>().code, 'MEDIA_RANGE_NOT_SATISFIABLE');

    const whole = await getMedia(owner, view.url);
    assert.deepEqual(whole.body, text);
    assert.equal(whole.headers['accept-ranges'], 'bytes');
    assert.equal(whole.headers['content-type'], 'text/plain; charset=utf-8');
    assert.match(String(whole.headers['content-disposition']), /^attachment; filename="notes\.txt"/, 'text downloads, never renders');
    assert.match(String(whole.headers['content-security-policy']), /sandbox/);

    const head = await edgeBinaryRequest('HEAD', view.url, { token: owner.accessToken });
    assert.deepEqual({ status: head.status, length: head.headers['content-length'], body: head.body.length }, { status: 200, length: String(text.length), body: 0 });

    const revalidated = await getMedia(owner, view.url, { 'if-none-match': String(whole.headers.etag) });
    assert.equal(revalidated.status, 304, 'a current cached copy is confirmed, after the membership check');
  });

  it('a file with no signature that is not text is refused; a PDF downloads as an attachment', async () => {
    const owner = await signUp('Docs');
    const room = await createRoom(owner);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const view = await uploaded(owner, room.id, { name: 'report.html', contentType: 'text/html', bytes: pdf });
    assert.deepEqual({ contentType: view.contentType, fileName: view.fileName, thumbnailUrl: view.thumbnailUrl }, { contentType: 'application/pdf', fileName: 'report.pdf', thumbnailUrl: null });
    const download = await getMedia(owner, view.url);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(String(download.headers['content-disposition']), /^attachment;/);
    assert.equal((await getMedia(owner, `${view.url}/thumbnail`)).json<{ code: string }>().code, 'MEDIA_NO_THUMBNAIL');
  });
});
