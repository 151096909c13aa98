/**
 * A slow client (a phone on a poor link) downloading a large file: the transfer takes longer than
 * any request deadline in the mesh (60 s), and still arrives whole, because media's routes limit
 * only silence, not the total time (mesh/src/mesh/envoy-config.ts, edge-config.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { describe, it } from 'node:test';
import { localCaPaths } from '../../../init/local-ca.ts';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { edgePort } from '../../support/edge-client.ts';
import { mp4Like, uploaded } from '../../support/media-client.ts';
import { createRoom } from '../../support/rooms.ts';

const mib = 1024 * 1024;

/** Reads a download at about `bytesPerSecond`, pausing between chunks; resolves with the bytes received and the time taken. */
function throttledDownload(user: SignedInUser, path: string, bytesPerSecond: number): Promise<{ bytes: number; seconds: number; complete: boolean }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: edgePort, path, ca: readFileSync(localCaPaths().caCert), headers: { authorization: `Bearer ${user.accessToken}` } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        const due = started + (bytes / bytesPerSecond) * 1000;
        if (due > Date.now()) {
          response.pause();
          setTimeout(() => response.resume(), due - Date.now());
        }
      });
      const finish = () => resolve({ bytes, seconds: (Date.now() - started) / 1000, complete: response.complete });
      response.on('end', finish);
      response.on('error', finish);
      response.on('close', finish);
    })
      .on('error', reject)
      .end();
  });
}

describe('media: a slow download', { timeout: 180_000 }, () => {
  it('takes longer than the mesh request deadline (60 s) and arrives whole', async () => {
    const owner = await signUp('Slow');
    const room = await createRoom(owner);
    // Larger than every socket and proxy buffer on the way together, so media still streams when the deadline would fall.
    const size = 160 * mib;
    const view = await uploaded(owner, room.id, { name: 'long.mp4', size, chunks: mp4Like(size) });
    const received = await throttledDownload(owner, view.url, size / 85);
    assert.deepEqual({ bytes: received.bytes, complete: received.complete }, { bytes: size, complete: true });
    assert.ok(received.seconds > 80, `took ${received.seconds.toFixed(0)} s`);
  });
});
