/** user.deleted erases the person's devices, preferences and feed from the notification store. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signUp } from '../../support/auth-users.ts';
import { withPostgres } from '../../support/clients.ts';
import { callEdge } from '../../support/edge-client.ts';
import { connectChat, send } from '../../support/chat-client.ts';
import { notificationCall, registerDevice } from '../../support/notifications.ts';
import { createRoom, joinRoom } from '../../support/rooms.ts';
import { credentials } from '../../support/stack.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('erasure after user.deleted', () => {
  it('removes devices, settings, preferences and feed items', async () => {
    const [leaving, sender] = await Promise.all([signUp('Leaving'), signUp('Sender')]);
    const roomId = (await createRoom(sender)).id;
    await joinRoom(leaving, roomId);
    await registerDevice(leaving);
    await notificationCall(leaving, 'PATCH', '/settings', { hideContent: true });
    await notificationCall(leaving, 'PUT', `/rooms/${roomId}/preferences`, { level: 'mentions' });
    const socket = await connectChat(sender.accessToken);
    try {
      assert.ok((await send(socket, roomId, `<@${leaving.userId}> hello`)).ok);
    } finally {
      socket.close();
    }
    const rowsOf = () =>
      withPostgres(credentials().postgres.runtimes.notification, 'notification', 'notification', async (client) => {
        const { rows } = await client.query<{ rows: number }>(
          `SELECT (SELECT count(*) FROM notification.devices WHERE user_id = $1) + (SELECT count(*) FROM notification.user_settings WHERE user_id = $1)
                + (SELECT count(*) FROM notification.room_preferences WHERE user_id = $1) + (SELECT count(*) FROM notification.feed_items WHERE user_id = $1) AS rows`,
          [leaving.userId],
        );
        return Number(rows[0]!.rows);
      });
    const deadline = Date.now() + 15_000;
    while ((await rowsOf()) < 4) {
      assert.ok(Date.now() < deadline, 'the feed item never arrived');
      await sleep(200);
    }

    assert.equal((await callEdge('DELETE', '/api/auth/me', { token: leaving.accessToken })).status, 204);
    while ((await rowsOf()) > 0) {
      assert.ok(Date.now() < deadline + 15_000, 'the erased user still has notification data');
      await sleep(200);
    }
  });
});
