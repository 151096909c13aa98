import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { ProblemError, type JwtVerifier } from '@lynk/common';
import { createServiceMetrics } from '@lynk/common/metrics';
import { createChatSocketServer } from '../src/socket/chat-socket-server.ts';
import { releaseUpgradeRequests } from '../src/socket/connection-memory.ts';
import type { ChatSocket } from '../src/socket/socket-types.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Accepts the token "good" only, like the real verifier would a signed one. */
const verifier: JwtVerifier = {
  verify: async (token) => {
    if (token !== 'good') throw new ProblemError('AUTH_TOKEN_INVALID', 401, 'invalid token');
    return { userId: 'user-1', sessionId: 'session-1', expiresAt: new Date(Date.now() + 600_000) };
  },
};

describe('chat sockets: what a connection keeps', () => {
  const server = createServer();
  const io = createChatSocketServer({ verifier, metrics: createServiceMetrics('message-test'), maxPayloadBytes: 64 * 1024 });
  const upgradeRequests: WeakRef<IncomingMessage>[] = [];
  let url = '';
  const serverSockets: ChatSocket[] = [];

  before(async () => {
    server.prependListener('upgrade', (request: IncomingMessage) => upgradeRequests.push(new WeakRef(request)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    io.attach(server);
    releaseUpgradeRequests(io);
    io.on('connection', (socket) => {
      serverSockets.push(socket);
      socket.on('ping:test' as never, (ack: (reply: string) => void) => ack('pong'));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => void io.close(() => resolve()));
  });

  /** deref() keeps its target alive until the current job ends, so each collection runs in a job of its own. */
  async function requestsAliveAfterCollection(): Promise<number> {
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      collectGarbage();
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    return upgradeRequests.filter((request) => request.deref() !== undefined).length;
  }

  const connect = (token: string) => connectClient(url, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });

  it('lets go of the upgrade request and the token once connected, and the socket keeps working', async () => {
    const client: ClientSocket = connect('good');
    await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('connect_error', reject));
    const serverSocket = serverSockets.at(-1)!;
    assert.equal(serverSocket.data.userId, 'user-1');
    assert.deepEqual(serverSocket.handshake.auth, {}, 'the access token is not kept');
    assert.deepEqual(serverSocket.handshake.headers, {}, 'the upgrade headers are not kept');

    assert.equal(await requestsAliveAfterCollection(), 0, 'no upgrade request stays alive');

    assert.equal(await client.timeout(2000).emitWithAck('ping:test' as never), 'pong');
    const disconnected = new Promise<string>((resolve) => serverSocket.once('disconnect', resolve));
    client.close();
    assert.equal(await disconnected, 'client namespace disconnect');
  });

  it('still refuses a bad token with connect_error', async () => {
    const client = connect('forged');
    const refusal = await new Promise<Error & { data?: { code?: string } }>((resolve, reject) => client.once('connect_error', resolve).once('connect', () => reject(new Error('connected'))));
    assert.equal(refusal.data?.code, 'AUTH_TOKEN_INVALID');
    client.close();
  });

  it('notices a client that vanishes without closing', async () => {
    const client = connect('good');
    await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('connect_error', reject));
    const serverSocket = serverSockets.at(-1)!;
    const disconnected = new Promise<string>((resolve) => serverSocket.once('disconnect', resolve));
    (client.io.engine as unknown as { transport: { ws: { _socket: { destroy(): void } } } }).transport.ws._socket.destroy();
    assert.equal(await disconnected, 'transport close');
  });
});
