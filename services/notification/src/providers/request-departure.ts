/**
 * Tells a caller the moment its HTTP request is about to be handed to the operating system, which
 * an SDK that owns its requests (firebase-admin) cannot say itself. The caller commits its claim
 * then, and the request's bytes are written right after, in the same synchronous step: killed
 * before, neither happened; killed after, both did. Only the instructions between the two writes
 * are in doubt, and there a kill loses the push rather than sending it twice, which is the rule
 * (a crash never sends a second push).
 *
 * Reporting after the write instead, as Node's `http.client.request.start` channel would, puts the
 * doubt the other way round, and worse: writing the push wakes whoever receives it, and on a busy
 * machine that may run before this process writes its COMMIT. Anything that reacts to the push
 * (here, a test that kills the service as soon as a push arrives) then lands in exactly that gap.
 *
 * The caller's async context (AsyncLocalStorage) tells whose request it is. It is read when the
 * request asks the agent for a connection, which happens inside the request's constructor, in the
 * caller's own code (connected-agent.ts calls `watchRequest`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ClientRequest } from 'node:http';
import type { Socket } from 'node:net';

/** Called just before the write; what it returns, if anything, is called right after the write. */
export type Departed = () => (() => void) | void;

interface DepartureWatch {
  /** Which of the caller's requests count, e.g. only the send call and not a token fetch. */
  counts: (request: ClientRequest) => boolean;
  departed: Departed;
}

type WriteOne = (chunk: unknown, encoding: BufferEncoding, callback: (error?: Error | null) => void) => void;
type WriteMany = (chunks: unknown[], callback: (error?: Error | null) => void) => void;
interface StreamWrites {
  _write: WriteOne;
  _writev?: WriteMany;
}

const watches = new AsyncLocalStorage<DepartureWatch>();

/**
 * Calls `departed` just before the first write `request` makes to `socket`, and what it returns
 * right after. Node writes a request ended before it got its connection (as the SDK's are) in one
 * go, so that write carries all of it.
 */
function aroundFirstWrite(request: ClientRequest, socket: Socket, departed: Departed): void {
  const stream = socket as unknown as StreamWrites;
  const own = { write: Object.getOwnPropertyDescriptor(stream, '_write'), writev: Object.getOwnPropertyDescriptor(stream, '_writev') };
  const { _write: write, _writev: writev } = stream;
  const around = (writeIt: () => void) => {
    restore();
    const written = departed();
    try {
      writeIt();
    } finally {
      written?.();
    }
  };
  const wrappedWrite: WriteOne = function (this: unknown, chunk, encoding, callback) {
    around(() => write.call(this, chunk, encoding, callback));
  };
  const wrappedWritev: WriteMany = function (this: unknown, chunks, callback) {
    around(() => writev!.call(this, chunks, callback));
  };
  // Undoes only this request's wrapping: by the time it closes, the connection may serve another.
  const restore = () => {
    if (stream._write !== wrappedWrite) return;
    if (own.write) Object.defineProperty(stream, '_write', own.write);
    else delete (stream as Partial<StreamWrites>)._write;
    if (own.writev) Object.defineProperty(stream, '_writev', own.writev);
    else delete stream._writev;
  };
  stream._write = wrappedWrite;
  if (writev) stream._writev = wrappedWritev;
  // A request that ends without writing (an error, an abort) never departed; the connection may serve others.
  request.once('close', restore);
}

/** Called by the agent as `request` asks for a connection, still in the caller's async context. */
export function watchRequest(request: ClientRequest): void {
  const watch = watches.getStore();
  if (!watch?.counts(request)) return;
  // 'socket' is emitted just before the request's buffered bytes are flushed to it.
  request.once('socket', (socket: Socket) => aroundFirstWrite(request, socket, watch.departed));
}

/**
 * Runs `work`; `departed` is called once, just before the first request it makes that `counts`
 * leaves, and what it returns right after that request's write.
 */
export function watchingDeparture<T>(counts: DepartureWatch['counts'], departed: Departed, work: () => Promise<T>): Promise<T> {
  let called = false;
  const once: Departed = () => {
    if (called) return;
    called = true;
    return departed();
  };
  return watches.run({ counts, departed: once }, work);
}
