/**
 * Tells a caller the moment its HTTP request has been handed to the operating system, which an
 * SDK that owns its requests (firebase-admin) cannot say itself. From then on the request reaches
 * the server even if this process is killed; before it, nothing the server acts on has left.
 * Node publishes every client request on a diagnostics channel synchronously as it is created,
 * so the caller's async context (AsyncLocalStorage) tells whose request it is.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

interface DepartureWatch {
  /** Which of the caller's requests count, e.g. only the send call and not a token fetch. */
  counts: (request: ClientRequest) => boolean;
  departed: () => void;
}

const watches = new AsyncLocalStorage<DepartureWatch>();

subscribe('http.client.request.start', (message) => {
  const watch = watches.getStore();
  const { request } = message as { request: ClientRequest };
  if (!watch?.counts(request)) return;
  // Published as the request is written to its connection, which Node uncorks on the next tick;
  // the TLS layer then hands the bytes to the OS at once, since the agent gives requests only
  // connections whose handshake is done (connected-agent.ts). Anything else: wait for 'finish'.
  const socket = request.socket;
  process.nextTick(() => (socket && !socket.connecting && !socket.writableCorked ? watch.departed() : request.once('finish', watch.departed)));
});

/** Runs `work`; `departed` is called once, when the first request it makes that `counts` has fully left. */
export function watchingDeparture<T>(counts: DepartureWatch['counts'], departed: () => void, work: () => Promise<T>): Promise<T> {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    departed();
  };
  return watches.run({ counts, departed: once }, work);
}
