/**
 * Uploads no message references are deleted after the grace period (20 s in development,
 * mesh/src/services/media-service.ts); an attached one stays.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { developmentOrphanGraceSeconds } from '../../../mesh/src/services/media-service.ts';
import { mediaBucket } from '../../../mesh/src/stores/minio.ts';
import { signUp } from '../../support/auth-users.ts';
import { command, connectChat } from '../../support/chat-client.ts';
import { s3 } from '../../support/clients.ts';
import { getMedia, uploaded } from '../../support/media-client.ts';
import { createRoom } from '../../support/rooms.ts';
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

describe('media: orphan cleanup', { timeout: 120_000 }, () => {
  it('deletes an upload no message used after the grace period, and keeps the attached one', async () => {
    const owner = await signUp('Orphans');
    const room = await createRoom(owner);
    const orphan = await uploaded(owner, room.id, { name: 'forgotten.txt', bytes: Buffer.from('never sent') });
    const attached = await uploaded(owner, room.id, { name: 'sent.txt', bytes: Buffer.from('sent with a message') });
    const socket = await connectChat(owner.accessToken);
    try {
      const sent = await command(socket, 'message:send', { roomId: room.id, clientMsgId: randomUUID(), body: 'here', attachments: [attached.id] });
      assert.ok(sent.ok);
    } finally {
      socket.close();
    }
    assert.equal((await getMedia(owner, orphan.url)).status, 200, 'within the grace period the upload is there');

    const deadline = Date.now() + (developmentOrphanGraceSeconds + 30) * 1000;
    while ((await getMedia(owner, orphan.url)).status !== 404) {
      if (Date.now() > deadline) throw new Error('the orphan was not cleaned up');
      await sleep(1000);
    }
    assert.equal(await objectExists(`files/${orphan.id}`), false, 'its bytes are gone from S3 too');
    // The attached one was looked at by the same sweep (both are past the grace period).
    await sleep(3000);
    const kept = await getMedia(owner, attached.url);
    assert.equal(kept.status, 200);
    assert.equal(kept.body.toString(), 'sent with a message');
    assert.equal(await objectExists(`files/${attached.id}`), true);

    const socketAgain = await connectChat(owner.accessToken);
    try {
      const late = await command(socketAgain, 'message:send', { roomId: room.id, clientMsgId: randomUUID(), body: 'too late', attachments: [orphan.id] });
      assert.ok(!late.ok && late.error.code === 'MESSAGE_ATTACHMENT_INVALID', 'a cleaned-up upload can no longer be attached');
    } finally {
      socketAgain.close();
    }
  });
});
