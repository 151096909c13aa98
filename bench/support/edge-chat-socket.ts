/**
 * One chat socket through the public edge with the official socket.io-client over WebSocket,
 * from a chosen loopback address and, optionally, pinned to a message instance by the
 * `lynk-instance` cookie that the message sidecar hashes on.
 */
import { readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { localCaPaths } from '../../init/local-ca.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../services/message/src/socket/chat-events.ts';
import { edgeOrigin } from '../../test/support/edge-client.ts';

export type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const instanceCookie = 'lynk-instance';

let caPem: string | undefined;

export interface EdgeSocketOptions {
  token: string;
  localAddress: string;
  /** Value of the `lynk-instance` cookie; without it the sidecar picks (and sets) one. */
  pin?: string;
  timeoutMs?: number;
}

/** Resolves once connected; rejects with the `connect_error` (the socket is closed then). */
export function connectThroughEdge(options: EdgeSocketOptions): Promise<BenchSocket> {
  caPem ??= readFileSync(localCaPaths().caCert, 'utf8');
  const socket: BenchSocket = io(edgeOrigin, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { token: options.token },
    ca: caPem,
    reconnection: false,
    forceNew: true,
    timeout: options.timeoutMs ?? 10_000,
    // In Node the websocket transport sends extraHeaders on the upgrade request.
    ...(options.pin === undefined ? {} : { extraHeaders: { cookie: `${instanceCookie}=${options.pin}` } }),
    // engine.io-client passes localAddress on to ws, though its types omit it.
    ...({ localAddress: options.localAddress } as object),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}
