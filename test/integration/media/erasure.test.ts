/** When auth erases an account (user.deleted), media deletes every file and the avatar of that person, bytes included. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { mediaBucket } from '../../../mesh/src/stores/minio.ts';
import { signUp } from '../../support/auth-users.ts';
import { s3 } from '../../support/clients.ts';
import { callEdge } from '../../support/edge-client.ts';
import { getMedia, sendFile, uploaded } from '../../support/media-client.ts';
import { createRoom, joinRoom } from '../../support/rooms.ts';
import { credentials } from '../../support/stack.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function objectExists(key: string): Promise<boolean> {
  const operator = s3(credentials().minio.root, 'operator');
  try {
    await operator.send(new HeadObjectCommand({ Bucket: mediaBucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound') return false;
    throw error;
  } finally {
    operator.destroy();
  }
}

describe('media: erasure after user.deleted', { timeout: 120_000 }, () => {
  it("deletes the person's uploads, thumbnails and avatar; other people's files stay", async () => {
    const [leaving, staying] = await Promise.all([signUp('Leaving'), signUp('Staying')]);
    const room = await createRoom(staying);
    await joinRoom(leaving, room.id);
    const image = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#00f' } }).png().toBuffer();
    const theirs = await uploaded(leaving, room.id, { name: 'me.png', bytes: image });
    const document = await uploaded(leaving, room.id, { name: 'cv.txt', bytes: Buffer.from('personal details') });
    const kept = await uploaded(staying, room.id, { name: 'stays.txt', bytes: Buffer.from('not theirs') });
    assert.equal((await sendFile('PUT', '/api/media/avatars/users/me', leaving, { name: 'face.png', bytes: image })).status, 200);
    assert.equal((await getMedia(staying, `/api/media/avatars/users/${leaving.userId}`)).status, 200);

    assert.equal((await callEdge('DELETE', '/api/auth/me', { token: leaving.accessToken })).status, 204);

    const deadline = Date.now() + 30_000;
    while ((await getMedia(staying, theirs.url)).status !== 404 || (await getMedia(staying, document.url)).status !== 404) {
      if (Date.now() > deadline) throw new Error("the erased person's files are still served after 30 s");
      await sleep(500);
    }
    assert.equal((await getMedia(staying, `/api/media/avatars/users/${leaving.userId}`)).status, 404, 'their avatar is gone');
    for (const key of [`files/${theirs.id}`, `thumbnails/${theirs.id}`, `files/${document.id}`]) assert.equal(await objectExists(key), false, `${key} is deleted from S3`);
    assert.equal((await getMedia(staying, kept.url)).body.toString(), 'not theirs');
  });
});
