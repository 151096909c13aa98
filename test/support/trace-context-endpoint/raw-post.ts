import { connect } from 'node:net';
import type { HeaderLine } from './callback-recorder.ts';

/**
 * POSTs a JSON body with the header lines written byte for byte: repeated names, odd casing and
 * surrounding whitespace reach the server as given, which node's http client would normalise.
 */
export function rawPost(port: number, headers: HeaderLine[], body: unknown): Promise<{ status: number; body: string }> {
  const payload = Buffer.from(JSON.stringify(body));
  const head = [
    'POST / HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    'Content-Type: application/json',
    `Content-Length: ${payload.length}`,
    'Connection: close',
    ...headers.map(([name, value]) => `${name}:${value}`),
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let response = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (response += chunk));
    socket.once('error', reject);
    socket.once('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
      resolve({ status, body: response.slice(response.indexOf('\r\n\r\n') + 4) });
    });
    // Not end(): node's server aborts a request whose client half-closes; `Connection: close` ends it.
    socket.write(Buffer.concat([Buffer.from(head + '\r\n\r\n'), payload]));
  });
}
