/**
 * Holds what is written to a TCP connection in the kernel (Linux TCP_CORK) until it is released.
 * A process that dies meanwhile still sends it: closing a connection, which the kernel does for a
 * killed process, flushes its unsent bytes ahead of the FIN. So a write can be handed over at once
 * without waking its receiver yet; a claim lane's COMMIT waits that way while its push is written
 * (claim-lane.ts).
 */
import type { Socket } from 'node:net';
import { setsockopt } from 'sockopt';

const IPPROTO_TCP = 6;
const TCP_CORK = 3;

/**
 * Holds `socket`'s writes from now on; call the result to release them, which sends them at once.
 * Undefined where they cannot be held (not Linux, or not a TCP connection): writes then go at once.
 */
export function holdWrites(socket: Socket): (() => void) | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    setsockopt(socket, IPPROTO_TCP, TCP_CORK, 1);
  } catch {
    return undefined;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      setsockopt(socket, IPPROTO_TCP, TCP_CORK, 0);
    } catch {
      // The connection is gone, or the kernel will send what it holds within 200 ms anyway.
    }
  };
}
