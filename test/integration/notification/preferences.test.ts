/** Mentions-only and mute are honoured; a mention overrides mentions-only. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUp, type SignedInUser } from '../../support/auth-users.ts';
import { connectChat, send, type ChatSocket } from '../../support/chat-client.ts';
import type { FcmStandin } from '../../support/fcm-standin.ts';
import { exactlyPushes, notificationCall, pushesTo, registerDevice, startStackFcmStandin } from '../../support/notifications.ts';
import { createRoom, joinRoom } from '../../support/rooms.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('notification preferences', () => {
  let standin: FcmStandin;
  let sender: SignedInUser;
  let reader: SignedInUser;
  let senderSocket: ChatSocket;

  before(async () => {
    standin = await startStackFcmStandin();
    [sender, reader] = await Promise.all([signUp('Sender'), signUp('Reader')]);
    senderSocket = await connectChat(sender.accessToken);
  });

  after(async () => {
    senderSocket?.close();
    await standin?.close();
  });

  async function roomWithReader(): Promise<{ roomId: string; token: string }> {
    const roomId = (await createRoom(sender)).id;
    await joinRoom(reader, roomId);
    return { roomId, token: await registerDevice(reader) };
  }

  it('mentions only: a plain message is silent, a mention pushes', async () => {
    const { roomId, token } = await roomWithReader();
    const set = await notificationCall(reader, 'PUT', `/rooms/${roomId}/preferences`, { level: 'mentions' });
    assert.equal(set.status, 200);
    assert.equal((await notificationCall<{ level: string }>(reader, 'GET', `/rooms/${roomId}/preferences`)).body.level, 'mentions');
    assert.ok((await send(senderSocket, roomId, 'nothing for you')).ok);
    await sleep(2500);
    assert.equal(pushesTo(standin, token).length, 0);
    assert.ok((await send(senderSocket, roomId, `<@${reader.userId}> look at this`)).ok);
    const [push] = await exactlyPushes(standin, token, 1);
    assert.match(push!.message.notification?.body ?? '', /look at this/);
  });

  it('a muted room is silent until the mute ends, even for mentions', async () => {
    const { roomId, token } = await roomWithReader();
    const mutedUntil = new Date(Date.now() + 3_600_000).toISOString();
    assert.equal((await notificationCall(reader, 'PUT', `/rooms/${roomId}/preferences`, { level: 'all', mutedUntil })).status, 200);
    assert.ok((await send(senderSocket, roomId, `<@${reader.userId}> are you there?`)).ok);
    await sleep(2500);
    assert.equal(pushesTo(standin, token).length, 0);
  });

  it('bad preference input gets a clear 400', async () => {
    const { roomId } = await roomWithReader();
    const reply = await notificationCall(reader, 'PUT', `/rooms/${roomId}/preferences`, { level: 'loud' });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'COMMON_VALIDATION_FAILED');
  });
});
