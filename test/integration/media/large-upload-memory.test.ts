/**
 * A large file goes through the S3 multipart API part by part: media's memory stays near two
 * parts whatever the file's size (RSS of the media process, read from /proc), and the stored
 * object is a multipart object of the expected number of parts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { mediaBucket } from '../../../mesh/src/stores/minio.ts';
import { signUp } from '../../support/auth-users.ts';
import { s3 } from '../../support/clients.ts';
import { getMedia, mp4Like, uploaded } from '../../support/media-client.ts';
import { launcherPid, peakResidentDuring } from '../../support/process-memory.ts';
import { createRoom } from '../../support/rooms.ts';
import { credentials } from '../../support/stack.ts';

const mib = 1024 * 1024;
const fileBytes = 200 * mib;
/** Two 8 MiB parts plus the SDK's and Node's working buffers; far below the file's size. */
const allowedGrowthBytes = 96 * mib;

describe('media: a large upload through the multipart path', { timeout: 300_000 }, () => {
  it(`stores ${fileBytes / mib} MiB with media's RSS growing by less than ${allowedGrowthBytes / mib} MiB`, async () => {
    const owner = await signUp('Large');
    const room = await createRoom(owner);
    const pid = launcherPid('media');
    const { result: view, peakBytes, beforeBytes } = await peakResidentDuring(pid, () => uploaded(owner, room.id, { name: 'film.mp4', size: fileBytes, chunks: mp4Like(fileBytes) }));
    const growth = peakBytes - beforeBytes;
    process.stdout.write(`# media RSS before ${(beforeBytes / mib).toFixed(1)} MiB, peak ${(peakBytes / mib).toFixed(1)} MiB, growth ${(growth / mib).toFixed(1)} MiB for a ${fileBytes / mib} MiB upload\n`);
    assert.equal(view.size, fileBytes);
    assert.equal(view.contentType, 'video/mp4');
    assert.ok(growth < allowedGrowthBytes, `RSS grew by ${(growth / mib).toFixed(1)} MiB`);

    const operator = s3(credentials().minio.root, 'operator');
    try {
      const head = await operator.send(new HeadObjectCommand({ Bucket: mediaBucket, Key: `files/${view.id}` }));
      assert.equal(head.ContentLength, fileBytes);
      assert.match(String(head.ETag), /-25"$/, 'a multipart object of 25 parts of 8 MiB');
    } finally {
      operator.destroy();
    }

    const tail = await getMedia(owner, view.url, { range: `bytes=${fileBytes - 16}-` });
    assert.equal(tail.status, 206);
    assert.deepEqual(tail.body, Buffer.alloc(16, 0x5a));
    assert.match(String(tail.headers['content-disposition']), /^attachment; filename="film\.mp4"/, 'video downloads as an attachment');
  });
});
