/**
 * An offline member gets exactly one push, through the real firebase-admin SDK to the FCM
 * stand-in; the online member and the sender get none. The push opens the right room and message.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { connectChat, send, type ChatSocket } from '../../support/chat-client.ts';
import type { FcmStandin } from '../../support/fcm-standin.ts';
import { exactlyPushes, notificationCall, pushesTo, registerDevice, startStackFcmStandin } from '../../support/notifications.ts';
import { createRoom, joinRoom } from '../../support/rooms.ts';

describe('push delivery', () => {
  let standin: FcmStandin;
  let sender: SignedInUser;
  let offline: SignedInUser;
  let online: SignedInUser;
  let senderSocket: ChatSocket;
  let onlineSocket: ChatSocket;

  before(async () => {
    standin = await startStackFcmStandin();
    [sender, offline, online] = await Promise.all([signUp('Sender'), signUp('Offline'), signUp('Online')]);
    [senderSocket, onlineSocket] = await Promise.all([connectChat(sender.accessToken), connectChat(online.accessToken)]);
  });

  after(async () => {
    senderSocket?.close();
    onlineSocket?.close();
    await standin?.close();
  });

  it('the offline member gets exactly one push with the preview and where to open it; the online member and the sender get none', async () => {
    const roomId = (await createRoom(sender)).id;
    await Promise.all([joinRoom(offline, roomId), joinRoom(online, roomId)]);
    const [senderToken, offlineToken, onlineToken] = await Promise.all([registerDevice(sender), registerDevice(offline), registerDevice(online)]);
    const sent = await send(senderSocket, roomId, 'Dinner at eight?');
    assert.ok(sent.ok);

    const [push] = await exactlyPushes(standin, offlineToken, 1);
    assert.equal(push!.message.notification?.body, 'Dinner at eight?');
    assert.deepEqual(push!.message.data, { roomId, messageId: sent.data.id, kind: 'message' });
    assert.equal(push!.message.android?.collapse_key, roomId, 'pushes of one room replace each other on the device');
    assert.match(push!.authorization, /^Bearer /, 'the SDK authenticated');
    assert.equal(pushesTo(standin, onlineToken).length, 0, 'online: no push');
    assert.equal(pushesTo(standin, senderToken).length, 0, 'the sender: no push');
  });

  it('with "hide content" the push says only that there is a new message', async () => {
    const roomId = (await createRoom(sender)).id;
    await joinRoom(offline, roomId);
    const token = await registerDevice(offline);
    assert.equal((await notificationCall(offline, 'PATCH', '/settings', { hideContent: true })).status, 200);
    try {
      assert.ok((await send(senderSocket, roomId, 'a secret plan')).ok);
      const [push] = await exactlyPushes(standin, token, 1);
      assert.equal(push!.message.notification?.body, 'New message');
    } finally {
      await notificationCall(offline, 'PATCH', '/settings', { hideContent: false });
    }
  });

  it('a direct message notifies by default', async () => {
    const token = await registerDevice(offline);
    const sent = await senderSocket.timeout(10_000).emitWithAck('dm:send', { userId: offline.userId, clientMsgId: `dm-${Date.now()}`, body: 'just for you' });
    assert.ok(sent.ok);
    const [push] = await exactlyPushes(standin, token, 1);
    assert.equal(push!.message.data?.roomId, sent.data.roomId);
  });
});
