import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { localCaPaths } from '../../init/local-ca.ts';
import { policy } from '../../mesh/policy.ts';

const edge = policy.workload('edge');
export const edgePort = edge.kind === 'edge' ? edge.publicPort : 0;
export const edgeOrigin = `https://127.0.0.1:${edgePort}`;

export interface EdgeReply<T = Record<string, unknown>> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

let caPem: Buffer | undefined;

/** One HTTPS request through the public edge, the way a client makes it, trusting only the local CA. */
export function callEdge<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: { json?: unknown; rawBody?: string | Buffer; token?: string; headers?: Record<string, string>; localAddress?: string } = {},
): Promise<EdgeReply<T>> {
  caPem ??= readFileSync(localCaPaths().caCert);
  const body = options.rawBody ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  const headers: Record<string, string> = {
    ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port: edgePort, method, path, headers, ca: caPem, ...(options.localAddress ? { localAddress: options.localAddress } : {}) }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        let parsed: unknown = {};
        try {
          parsed = text ? JSON.parse(text) : {};
        } catch {
          parsed = {};
        }
        resolve({ status: response.statusCode!, headers: response.headers, body: parsed as T, text });
      });
    });
    outgoing.on('error', reject);
    if (body !== undefined) outgoing.write(body);
    outgoing.end();
  });
}
