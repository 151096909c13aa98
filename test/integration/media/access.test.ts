/** Access is checked on every request against message's rooms: members only, at once for ex-members; deletes by the uploader or a moderator. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signUp } from '../../support/auth-users.ts';
import { createRoom, joinRoom, roomCall } from '../../support/rooms.ts';
import { edgeBinaryRequest, getMedia, uploaded, uploadToRoom } from '../../support/media-client.ts';

const note = (text: string) => ({ name: 'note.txt', bytes: Buffer.from(text) });

describe('media: who may upload, download and delete', () => {
  it('a non-member can neither upload to a room nor download or see its files', async () => {
    const [owner, stranger] = await Promise.all([signUp('Owner'), signUp('Stranger')]);
    const room = await createRoom(owner, { visibility: 'private' });
    const refused = await uploadToRoom(stranger, room.id, note('let me in'));
    assert.equal(refused.status, 403);
    assert.equal(refused.json<{ code: string }>().code, 'MEDIA_NOT_ROOM_MEMBER');

    const view = await uploaded(owner, room.id, note('members only'));
    for (const path of [view.url, `${view.url}/info`]) {
      const reply = await getMedia(stranger, path);
      assert.equal(reply.status, 403, path);
      assert.doesNotMatch(reply.body.toString(), /members only/);
    }
    assert.equal((await getMedia(owner, view.url)).body.toString(), 'members only');
  });

  it('an ex-member is refused at once: after leaving, and after a kick', async () => {
    const [owner, leaver, kicked] = await Promise.all([signUp('Owner'), signUp('Leaver'), signUp('Kicked')]);
    const room = await createRoom(owner);
    await Promise.all([joinRoom(leaver, room.id), joinRoom(kicked, room.id)]);
    const view = await uploaded(owner, room.id, note('for current members'));
    assert.equal((await getMedia(leaver, view.url)).status, 200);
    assert.equal((await getMedia(kicked, view.url)).status, 200);

    assert.equal((await roomCall(leaver, 'POST', `/${room.id}/leave`)).status, 204);
    assert.equal((await roomCall(owner, 'POST', `/${room.id}/members/${kicked.userId}/kick`)).status, 204);
    for (const exMember of [leaver, kicked]) {
      assert.equal((await getMedia(exMember, view.url)).status, 403);
      assert.equal((await getMedia(exMember, view.url, { range: 'bytes=0-3' })).status, 403);
      assert.equal((await uploadToRoom(exMember, room.id, note('still here?'))).status, 403);
    }
  });

  it('the uploader and a moderator may delete a file; another member may not', async () => {
    const [owner, uploader, member, moderator] = await Promise.all([signUp('Owner'), signUp('Uploader'), signUp('Member'), signUp('Moderator')]);
    const room = await createRoom(owner);
    await Promise.all([joinRoom(uploader, room.id), joinRoom(member, room.id), joinRoom(moderator, room.id)]);
    assert.equal((await roomCall(owner, 'PATCH', `/${room.id}/members/${moderator.userId}`, { role: 'moderator' })).status, 204);
    const first = await uploaded(uploader, room.id, note('first'));
    const second = await uploaded(uploader, room.id, note('second'));

    const byMember = await edgeBinaryRequest('DELETE', first.url, { token: member.accessToken });
    assert.equal(byMember.status, 403);
    assert.equal(byMember.json<{ code: string }>().code, 'MEDIA_FORBIDDEN');

    assert.equal((await edgeBinaryRequest('DELETE', first.url, { token: uploader.accessToken })).status, 204);
    assert.equal((await edgeBinaryRequest('DELETE', second.url, { token: moderator.accessToken })).status, 204);
    for (const view of [first, second]) assert.equal((await getMedia(owner, view.url)).status, 404);
  });

  it('requires a signed-in user at the edge', async () => {
    const reply = await edgeBinaryRequest('GET', '/api/media/01a217af-6dcf-712f-93e6-16b7aada7d9f');
    assert.equal(reply.status, 401);
  });
});
