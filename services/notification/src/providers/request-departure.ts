/**
 * Tells a caller the moment its HTTP request has been handed to the operating system, which an
 * SDK that owns its requests (firebase-admin) cannot say itself. From then on the request reaches
 * the server even if this process is killed; before it, nothing the server acts on has left.
 *
 * Node publishes every client request on a diagnostics channel synchronously as it is created,
 * so the caller's async context (AsyncLocalStorage) tells whose request it is. `departed` runs
 * synchronously right after the write that carries the request's last byte, so a crash leaves only
 * the few instructions in between in doubt; a tick later (as Node's 'finish' comes) other work may
 * run first, and a kill in that gap leaves a push that left with no record of it.
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

/**
 * Node 20 publishes the request once its last byte has been written to the connection (from
 * `_finish`). Written to a connected, uncorked socket, the bytes are in the OS when that write
 * returns, so `departed` runs right away, with no await or tick in between. A request ended on a
 * socket it already had is corked until the next tick: it is looked at again then.
 */
function whenWritten(request: ClientRequest, departed: () => void, retried = false): void {
  const socket = request.socket;
  if (socket && !socket.connecting && socket.writableCorked === 0) departed();
  else if (!retried) process.nextTick(() => whenWritten(request, departed, true));
  else request.once('finish', departed);
}

subscribe('http.client.request.start', (message) => {
  const watch = watches.getStore();
  const { request } = message as { request: ClientRequest };
  if (watch?.counts(request)) whenWritten(request, watch.departed);
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
