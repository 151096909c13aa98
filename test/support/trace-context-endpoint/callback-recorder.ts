import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A header line as it arrived: name in its original casing, one entry per line. */
export type HeaderLine = [name: string, value: string];

/** The callee: an uninstrumented server that records the header lines of every POST, by path. */
export interface CallbackRecorder {
  url(path: string): string;
  received(path: string): HeaderLine[] | undefined;
  close(): Promise<void>;
}

export async function startCallbackRecorder(): Promise<CallbackRecorder> {
  const received = new Map<string, HeaderLine[]>();
  const server = createServer((request, response) => {
    const lines: HeaderLine[] = [];
    for (let index = 0; index < request.rawHeaders.length; index += 2) lines.push([request.rawHeaders[index]!, request.rawHeaders[index + 1]!]);
    received.set(request.url ?? '', lines);
    request.resume();
    request.once('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('null'));
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received: (path) => received.get(path),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
