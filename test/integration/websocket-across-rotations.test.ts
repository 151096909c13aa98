import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signUp } from '../support/auth-users.ts';
import { connectChat, eventually, inbox, send } from '../support/chat-client.ts';
import { currentSvid } from '../support/current-svid.ts';
import { createRoom, joinRoom } from '../support/rooms.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Envoys on the WebSocket's path whose certificates rotate: the edge (mTLS towards message) and message's sidecar. */
const rotating = ['edge', 'message'] as const;

describe('a WebSocket through the edge across SVID rotations', () => {
  it('two people keep chatting on the same sockets while the edge and message SVIDs rotate twice', { timeout: 900_000 }, async (t) => {
    const [ada, bob] = await Promise.all([signUp('Ada'), signUp('Bob')]);
    const room = await createRoom(ada);
    await joinRoom(bob, room.id);
    const sockets = [await connectChat(ada.accessToken), await connectChat(bob.accessToken)];
    const sessionIds = sockets.map((socket) => socket.id);
    const disconnects: string[] = [];
    sockets.forEach((socket, index) => socket.on('disconnect', (reason) => disconnects.push(`socket ${index}: ${reason}`)));
    const inboxes = sockets.map(inbox);
    const sent: string[] = [];
    try {
      const serials: Record<string, string[]> = {};
      let lifetimeMs = 0;
      for (const workload of rotating) {
        const svid = await currentSvid(workload);
        serials[workload] = [svid.serial];
        // The running stack's lifetime (LYNK_SVID_TTL may override the policy's); rotation is at about half.
        lifetimeMs = Math.max(lifetimeMs, svid.expires.getTime() - svid.validFrom.getTime());
        t.diagnostic(`${workload} serial at start: ${svid.serial}`);
      }
      const rotatedTwice = () => rotating.every((workload) => serials[workload]!.length >= 3);
      const deadline = Date.now() + Math.min(3.5 * lifetimeMs, 14 * 60_000) + 30_000;
      while (Date.now() < deadline) {
        for (const workload of rotating) {
          const { serial } = await currentSvid(workload);
          if (serial === serials[workload]!.at(-1)) continue;
          serials[workload]!.push(serial);
          t.diagnostic(`${workload} rotated to serial ${serial} after ${sent.length} messages`);
        }
        // Ada and Bob take turns; both sockets must receive every message, within a second or two.
        const sender = sent.length % 2;
        const reply = await send(sockets[sender]!, room.id, `message ${sent.length + 1}`);
        assert.ok(reply.ok, `message ${sent.length + 1} acknowledged: ${JSON.stringify(reply)}`);
        sent.push(reply.data.id);
        await eventually(() => inboxes.every((received) => received.some((message) => message.id === reply.data.id)), `message ${sent.length} on both sockets`, 5000);
        assert.deepEqual(disconnects, [], 'no socket disconnected');
        // Stop right after a message has crossed the second rotation of both.
        if (rotatedTwice()) break;
        await sleep(1000);
      }
      for (const workload of rotating) {
        assert.ok(serials[workload]!.length >= 3, `saw ${serials[workload]!.length - 1} rotation(s) of ${workload}'s SVID: ${serials[workload]!.join(' -> ')}`);
      }
      sockets.forEach((socket, index) => {
        assert.ok(socket.connected, `socket ${index} is still connected`);
        assert.equal(socket.id, sessionIds[index], `socket ${index} is the same Socket.IO session`);
        assert.equal(socket.io.engine.transport.name, 'websocket', `socket ${index} is still the WebSocket it opened with`);
      });
      for (const received of inboxes) assert.deepEqual(received.map((message) => message.id), sent, 'every message arrived once, in order');
      t.diagnostic(`${sent.length} messages over the same two WebSockets`);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
});
