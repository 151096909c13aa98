/**
 * What a connection no longer needs once it is up. Every idle socket pays for what it keeps, and
 * one instance should hold 10,000 of them, so the upgrade request (headers, cookies, the access
 * token in the handshake) goes as soon as the handshake is done.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ChatServer, ChatSocket } from './socket-types.ts';

type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

const noDetails: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Engine.IO 6 wraps each WebSocket upgrade in a response shim for its middlewares, and the shim
 * forwards the TCP socket's `close` to itself with a `once` listener that lives as long as the
 * connection; through it the whole upgrade request stays alive (about 3 KB per socket). No
 * Engine.IO middleware is used here, so that listener (the shim's constructor registers it first
 * thing, before `ws` adds the socket's own close handling) is removed as soon as it is added.
 */
export function releaseUpgradeRequests(io: ChatServer): void {
  const engine = io.engine as unknown as { handleUpgrade: UpgradeHandler };
  const handleUpgrade = engine.handleUpgrade.bind(engine);
  engine.handleUpgrade = (request, socket, head) => {
    let shimListener: ((...args: unknown[]) => void) | undefined;
    const once = socket.once;
    socket.once = function captureFirstClose(this: Duplex, event: string | symbol, listener: (...args: unknown[]) => void) {
      if (event === 'close' && shimListener === undefined) shimListener = listener;
      return once.call(this, event, listener);
    } as Duplex['once'];
    try {
      handleUpgrade(request, socket, head);
    } finally {
      // Assigned back rather than deleted: a delete would turn every TCP socket into a slow, larger dictionary-mode object.
      socket.once = once;
    }
    if (shimListener) socket.removeListener('close', shimListener);
  };
}

/**
 * Drops the handshake's headers, query, URL, time and token (read once, by the handshake
 * middlewares) and Engine.IO's copy of the request; the client's address and `issued` stay.
 */
export function forgetHandshakeDetails(socket: ChatSocket): void {
  const handshake = socket.handshake as { headers: unknown; query: unknown; auth: unknown; url: string; time: string };
  handshake.headers = noDetails;
  handshake.query = noDetails;
  handshake.auth = noDetails;
  handshake.url = '';
  handshake.time = '';
  (socket.conn as { request: unknown }).request = null;
}
