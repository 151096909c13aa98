/** Avatars: a person sets their own, a room's is set by admins and above; both are re-encoded squares without metadata. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { signUp } from '../../support/auth-users.ts';
import { edgeBinaryRequest, getMedia, sendFile } from '../../support/media-client.ts';
import { createRoom, roomCall } from '../../support/rooms.ts';

const portrait = () =>
  sharp({ create: { width: 600, height: 800, channels: 3, background: '#888' } })
    .jpeg()
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1' } })
    .toBuffer();

describe('media: avatars', () => {
  it('a person sets, replaces and removes their avatar; others see it without metadata', async () => {
    const [person, viewer] = await Promise.all([signUp('Person'), signUp('Viewer')]);
    const set = await sendFile('PUT', '/api/media/avatars/users/me', person, { name: 'me.jpg', bytes: await portrait() });
    assert.equal(set.status, 200, set.body.toString());
    assert.equal(set.json<{ url: string }>().url, `/api/media/avatars/users/${person.userId}`);

    const seen = await getMedia(viewer, `/api/media/avatars/users/${person.userId}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.headers['content-type'], 'image/webp');
    const metadata = await sharp(seen.body).metadata();
    assert.deepEqual([metadata.width, metadata.height, metadata.exif], [256, 256, undefined]);

    const replaced = await sendFile('PUT', '/api/media/avatars/users/me', person, { name: 'new.png', bytes: await sharp({ create: { width: 64, height: 64, channels: 3, background: '#f00' } }).png().toBuffer() });
    assert.equal(replaced.status, 200);
    const after = await getMedia(viewer, `/api/media/avatars/users/${person.userId}`);
    assert.notEqual(after.headers.etag, seen.headers.etag, 'a new avatar is a new version');

    const someoneElse = await sendFile('PUT', `/api/media/avatars/users/${person.userId}`, viewer, { name: 'x.png', bytes: await portrait() });
    assert.equal(someoneElse.status, 403);
    const notImage = await sendFile('PUT', '/api/media/avatars/users/me', person, { name: 'me.png', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') });
    assert.equal(notImage.status, 415);

    assert.equal((await edgeBinaryRequest('DELETE', '/api/media/avatars/users/me', { token: person.accessToken })).status, 204);
    assert.equal((await getMedia(viewer, `/api/media/avatars/users/${person.userId}`)).status, 404);
  });

  it("a room's avatar is set by its admins and above, and shown to its members only", async () => {
    const [owner, admin, member, stranger] = await Promise.all([signUp('Owner'), signUp('Admin'), signUp('Member'), signUp('Stranger')]);
    const room = await createRoom(owner, { visibility: 'private' });
    await roomCall(owner, 'POST', `/${room.id}/members`, { userId: admin.userId });
    await roomCall(owner, 'POST', `/${room.id}/members`, { userId: member.userId });
    assert.equal((await roomCall(owner, 'PATCH', `/${room.id}/members/${admin.userId}`, { role: 'admin' })).status, 204);
    const path = `/api/media/avatars/rooms/${room.id}`;

    const byMember = await sendFile('PUT', path, member, { name: 'room.jpg', bytes: await portrait() });
    assert.equal(byMember.status, 403);
    assert.equal(byMember.json<{ code: string }>().code, 'MEDIA_FORBIDDEN');
    assert.equal((await sendFile('PUT', path, stranger, { name: 'room.jpg', bytes: await portrait() })).status, 403);
    assert.equal((await sendFile('PUT', path, admin, { name: 'room.jpg', bytes: await portrait() })).status, 200);

    assert.equal((await getMedia(member, path)).status, 200);
    assert.equal((await getMedia(stranger, path)).status, 403);
  });
});
