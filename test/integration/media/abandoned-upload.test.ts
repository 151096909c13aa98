/**
 * A client that goes away in the middle of a large upload leaves nothing behind: media aborts the
 * S3 multipart upload (its parts are freed) and removes the upload's row.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { describe, it } from 'node:test';
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { localCaPaths } from '../../../init/local-ca.ts';
import { mediaBucket } from '../../../mesh/src/stores/minio.ts';
import { signUp } from '../../support/auth-users.ts';
import { s3, withPostgres } from '../../support/clients.ts';
import { edgePort } from '../../support/edge-client.ts';
import { mp4Like, multipartFile } from '../../support/media-client.ts';
import { createRoom } from '../../support/rooms.ts';
import { credentials } from '../../support/stack.ts';

const mib = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the first `sentBytes` of a declared `size`-byte upload, then drops the connection. */
async function abandonUpload(token: string, roomId: string, size: number, sentBytes: number): Promise<void> {
  const body = multipartFile({ name: 'abandoned.mp4', size, chunks: mp4Like(size) });
  const outgoing = request({ host: '127.0.0.1', port: edgePort, method: 'POST', path: `/api/media/rooms/${roomId}/uploads`, ca: readFileSync(localCaPaths().caCert), headers: { authorization: `Bearer ${token}`, 'content-type': body.contentType, 'content-length': String(body.length) } });
  outgoing.on('error', () => undefined);
  let sent = 0;
  for await (const chunk of body.chunks) {
    if (sent >= sentBytes) break;
    if (!outgoing.write(chunk)) await new Promise((drained) => outgoing.once('drain', drained));
    sent += chunk.length;
  }
  outgoing.destroy();
}

describe('media: an abandoned upload', { timeout: 120_000 }, () => {
  it('aborts the S3 multipart upload and leaves no row', async () => {
    const quitter = await signUp('Quitter');
    const room = await createRoom(quitter);
    const startedAt = new Date(Date.now() - 1000);
    await abandonUpload(quitter.accessToken, room.id, 100 * mib, 40 * mib);

    const operator = s3(credentials().minio.root, 'operator');
    const rowsOfQuitter = () => withPostgres(credentials().postgres.superuser, 'media', 'operator', async (client) => (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM media.uploads WHERE uploader_id = $1', [quitter.userId])).rows[0]!.n);
    const openUploadsSinceStart = async () => ((await operator.send(new ListMultipartUploadsCommand({ Bucket: mediaBucket, Prefix: 'files/' }))).Uploads ?? []).filter((upload) => upload.Initiated! >= startedAt).length;
    try {
      const deadline = Date.now() + 15_000;
      while ((await rowsOfQuitter()) > 0 || (await openUploadsSinceStart()) > 0) {
        if (Date.now() > deadline) throw new Error('the abandoned upload left a row or an open multipart upload behind');
        await sleep(250);
      }
      assert.equal(await rowsOfQuitter(), 0);
      assert.equal(await openUploadsSinceStart(), 0);
    } finally {
      operator.destroy();
    }
  });
});
