/** Room names (unique, case-insensitive, freed on delete), my rooms with unread counts, and the public directory. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signUp } from '../../support/auth-users.ts';
import { connectChat, send } from '../../support/chat-client.ts';
import { credentials, uniqueName } from '../../support/stack.ts';
import { withRedis } from '../../support/clients.ts';
import { normaliseRoomName } from '../../../services/message/src/domain/room-name.ts';
import { createRoomNameFilter } from '../../../services/message/src/store/room-name-filter.ts';
import { roomNameFilterBucketCount, roomNameFilterKey } from '../../../services/message/src/store/room-name-filter-setup.ts';
import { createRoom, joinRoom, roomCall } from '../../support/rooms.ts';

describe('room names and listings', () => {
  it('a name is unique regardless of case and spacing, and free again once its room is deleted', async () => {
    const owner = await signUp('Namer');
    const name = uniqueName('Lobby');
    const availability = async (candidate: string) => (await roomCall<{ available: boolean }>(owner, 'GET', `/name-availability?name=${encodeURIComponent(candidate)}`)).body.available;
    assert.equal(await availability(name), true);
    const room = await createRoom(owner, { name });
    assert.equal(await availability(name.toUpperCase()), false);
    const clash = await roomCall(owner, 'POST', '/', { name: `  ${name.toUpperCase()} `, visibility: 'public' });
    assert.deepEqual([clash.status, clash.body.code], [409, 'ROOM_NAME_TAKEN']);
    assert.equal((await roomCall(owner, 'DELETE', `/${room.id}`)).status, 204);
    assert.equal(await availability(name), true);
    assert.equal((await roomCall(owner, 'POST', '/', { name, visibility: 'public' })).status, 201);
  });

  it('a filter hit on a free name (a false positive) never refuses it: Postgres has the last word', async () => {
    const owner = await signUp('Unlucky namer');
    const name = uniqueName('Phantom');
    // Plant the name in the service's own filter, as a fingerprint collision would.
    await withRedis(credentials().redis.services.message, 'message', async (redis) => {
      const filter = createRoomNameFilter(redis, { key: roomNameFilterKey, bucketCount: roomNameFilterBucketCount(1_000_000) });
      assert.ok(await filter.add(normaliseRoomName(name)));
      assert.ok(await filter.mightContain(normaliseRoomName(name)));
    });
    assert.equal((await roomCall<{ available: boolean }>(owner, 'GET', `/name-availability?name=${name}`)).body.available, true);
    assert.equal((await roomCall(owner, 'POST', '/', { name, visibility: 'public' })).status, 201);
  });

  it('my rooms carry unread counts that follow my read pointer', async () => {
    const [writer, reader] = await Promise.all([signUp('Writer'), signUp('Reader')]);
    const room = await createRoom(writer);
    await joinRoom(reader, room.id);
    const socket = await connectChat(writer.accessToken);
    const ids: string[] = [];
    try {
      for (let index = 0; index < 3; index++) {
        const reply = await send(socket, room.id, `unread ${index}`);
        assert.ok(reply.ok);
        ids.push(reply.data.id);
      }
    } finally {
      socket.close();
    }
    const unread = async () => (await roomCall<{ rooms: { id: string; unreadCount: number }[] }>(reader, 'GET', '/mine')).body.rooms.find((entry) => entry.id === room.id)?.unreadCount;
    assert.equal(await unread(), 3);
    assert.equal((await roomCall(reader, 'POST', `/${room.id}/read`, { messageId: ids[1] })).status, 204);
    assert.equal(await unread(), 1);
    assert.equal((await roomCall(reader, 'POST', `/${room.id}/read`, { messageId: ids[0] })).status, 204);
    assert.equal(await unread(), 1, 'the pointer never moves back');
  });

  it('the public directory searches by name and pages, and hides private rooms', async () => {
    const owner = await signUp('Directory owner');
    const tag = uniqueName('dir').toLowerCase();
    for (let index = 0; index < 5; index++) await createRoom(owner, { name: `${tag} public ${index}` });
    await createRoom(owner, { name: `${tag} private`, visibility: 'private' });
    const names: string[] = [];
    let cursor = '';
    for (let pages = 0; pages < 5; pages++) {
      const reply = await roomCall<{ rooms: { name: string }[]; nextCursor: string | null }>(owner, 'GET', `/public?search=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(reply.status, 200);
      names.push(...reply.body.rooms.map((room) => room.name));
      if (!reply.body.nextCursor) break;
      cursor = reply.body.nextCursor;
    }
    assert.deepEqual(names, [0, 1, 2, 3, 4].map((index) => `${tag} public ${index}`));
    assert.equal((await roomCall(owner, 'GET', '/public?cursor=garbage')).status, 400);
  });
});
