/**
 * An upload is attached to a message by id. Message accepts only uploads this sender made for
 * this room, so nobody can attach (and thereby re-share) someone else's file or one from another room.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { signUp } from '../../support/auth-users.ts';
import { command, connectChat, eventually, inbox } from '../../support/chat-client.ts';
import { getMedia, uploaded } from '../../support/media-client.ts';
import { createRoom, joinRoom } from '../../support/rooms.ts';

const note = (text: string) => ({ name: 'note.txt', bytes: Buffer.from(text) });

describe('media: attachments in message:send', () => {
  it('a member attaches an image; another member receives it, sees the thumbnail and downloads it', async () => {
    const [author, reader] = await Promise.all([signUp('Author'), signUp('Reader')]);
    const room = await createRoom(author);
    await joinRoom(reader, room.id);
    const image = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#c33' } }).png().toBuffer();
    const view = await uploaded(author, room.id, { name: 'chart.png', bytes: image });

    const [authorSocket, readerSocket] = await Promise.all([connectChat(author.accessToken), connectChat(reader.accessToken)]);
    try {
      const received = inbox(readerSocket);
      const sent = await command(authorSocket, 'message:send', { roomId: room.id, clientMsgId: randomUUID(), body: 'the chart', attachments: [view.id] });
      assert.ok(sent.ok, JSON.stringify(sent));
      assert.deepEqual(sent.data.attachments, [view.id]);
      await eventually(() => received.some((message) => message.id === sent.data.id), 'the reader receives the message');
      const attachmentId = received.find((message) => message.id === sent.data.id)!.attachments[0]!;

      const info = await getMedia(reader, `/api/media/${attachmentId}/info`);
      assert.equal(info.json<{ thumbnailUrl: string }>().thumbnailUrl, `/api/media/${attachmentId}/thumbnail`);
      const thumbnail = await getMedia(reader, `/api/media/${attachmentId}/thumbnail`);
      assert.equal(thumbnail.status, 200);
      assert.equal((await sharp(thumbnail.body).metadata()).format, 'webp');
      const download = await getMedia(reader, `/api/media/${attachmentId}`);
      assert.deepEqual(await sharp(download.body).metadata().then((metadata) => [metadata.width, metadata.height]), [200, 100]);
    } finally {
      authorSocket.close();
      readerSocket.close();
    }
  });

  it("refuses someone else's upload, one's own upload from another room, and an unknown id", async () => {
    const [author, other] = await Promise.all([signUp('Author'), signUp('Other')]);
    const room = await createRoom(author);
    const elsewhere = await createRoom(author);
    await joinRoom(other, room.id);
    const othersUpload = await uploaded(other, room.id, note("other's file"));
    const fromElsewhere = await uploaded(author, elsewhere.id, note('another room'));
    const mine = await uploaded(author, room.id, note('mine'));

    const socket = await connectChat(author.accessToken);
    try {
      for (const attachments of [[othersUpload.id], [fromElsewhere.id], [randomUUID()], [mine.id, othersUpload.id]]) {
        const refused = await command(socket, 'message:send', { roomId: room.id, clientMsgId: randomUUID(), body: 'look', attachments });
        assert.ok(!refused.ok, `refused: ${attachments.join(',')}`);
        assert.equal(refused.error.code, 'MESSAGE_ATTACHMENT_INVALID');
      }
      const accepted = await command(socket, 'message:send', { roomId: room.id, clientMsgId: randomUUID(), body: 'mine', attachments: [mine.id] });
      assert.ok(accepted.ok);
    } finally {
      socket.close();
    }
  });
});
