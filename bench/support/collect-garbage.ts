/**
 * A full garbage collection in another local Node process, so a heap reading counts live objects
 * only. Opens the process's inspector (SIGUSR1, the same as `node --inspect` later), asks V8 to
 * collect over the DevTools protocol, and closes the inspector again. For benchmarks by hand on
 * a development stack: while open, the inspector lets any local process run code in the target.
 */
import { WebSocket } from 'ws';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function inspectorUrl(port: number): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
      if (targets[0]) return targets[0].webSocketDebuggerUrl;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`no inspector on port ${port}`);
}

function call(socket: WebSocket, id: number, method: string, params: object = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer) => {
      const reply = JSON.parse(data.toString()) as { id?: number; error?: { message: string } };
      if (reply.id !== id) return;
      socket.off('message', onMessage);
      if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
      else resolve();
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, method, params }));
  });
}

/** Collects garbage in process `pid` (inspector on `port`, Node's default 9229). */
export async function collectGarbageIn(pid: number, port = 9229): Promise<void> {
  process.kill(pid, 'SIGUSR1');
  const socket = new WebSocket(await inspectorUrl(port));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  await call(socket, 1, 'HeapProfiler.collectGarbage');
  // Closes the inspector the signal opened; the reply may never come, since the socket goes with it.
  void call(socket, 2, 'Runtime.evaluate', { expression: 'process._debugEnd()' }).catch(() => undefined);
  await sleep(200);
  socket.terminate();
}
