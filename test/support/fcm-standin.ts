/**
 * A local stand-in of Google's OAuth token endpoint and the FCM v1 send API, over HTTPS, so the
 * real firebase-admin SDK can be driven and its requests asserted on. Token behaviour is chosen
 * per token: `unregistered-*` gets FCM's UNREGISTERED, `unavailable-*` a 503, `invalid-*` an
 * INVALID_ARGUMENT about the token; `failTimes(token, n)` makes the next n sends of a token 503.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { StandinCredentials } from '../../mesh/src/services/fcm-standin-credentials.ts';

export { standinCredentials, type StandinCredentials } from '../../mesh/src/services/fcm-standin-credentials.ts';

export interface ReceivedPush {
  project: string;
  authorization: string;
  message: {
    token: string;
    notification?: { title?: string; body?: string };
    data?: Record<string, string>;
    android?: { collapse_key?: string };
  };
  at: number;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
  });
}

const fcmError = (httpStatus: number, status: string, message: string, errorCode: string) => ({
  status: httpStatus,
  body: { error: { code: httpStatus, message, status, details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }] } },
});

export interface FcmStandin {
  origin: string;
  received: ReceivedPush[];
  /** Every request the SDK made, token requests included. */
  requests: { method: string; path: string }[];
  failTimes(token: string, times: number): void;
  close(): Promise<void>;
}

export async function startFcmStandin(credentials: StandinCredentials, port = 0): Promise<FcmStandin> {
  const received: ReceivedPush[] = [];
  const requests: { method: string; path: string }[] = [];
  const failures = new Map<string, number>();
  const server: Server = createServer({ key: readFileSync(join(credentials.dir, 'key.pem')), cert: readFileSync(credentials.caFile) }, async (request, response) => {
    const path = request.url ?? '';
    requests.push({ method: request.method ?? '', path });
    const body = await readBody(request);
    const reply = (status: number, json: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    if (/token/.test(path)) return reply(200, { access_token: 'standin-access-token', expires_in: 3600, token_type: 'Bearer' });
    const send = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(path);
    if (!send || request.method !== 'POST') return reply(404, { error: { code: 404, message: 'not a stand-in route', status: 'NOT_FOUND' } });
    const { message } = JSON.parse(body) as { message: ReceivedPush['message'] };
    received.push({ project: send[1]!, authorization: request.headers.authorization ?? '', message, at: Date.now() });
    const token = message.token;
    const failing = failures.get(token) ?? 0;
    let answer: { status: number; body: object } = { status: 200, body: { name: `projects/${send[1]}/messages/${received.length}` } };
    if (failing > 0) {
      failures.set(token, failing - 1);
      answer = fcmError(503, 'UNAVAILABLE', 'The service is currently unavailable.', 'UNAVAILABLE');
    } else if (token.startsWith('unregistered-')) answer = fcmError(404, 'NOT_FOUND', 'Requested entity was not found.', 'UNREGISTERED');
    else if (token.startsWith('unavailable-')) answer = fcmError(503, 'UNAVAILABLE', 'The service is currently unavailable.', 'UNAVAILABLE');
    else if (token.startsWith('invalid-')) answer = fcmError(400, 'INVALID_ARGUMENT', 'The registration token is not a valid FCM registration token', 'INVALID_ARGUMENT');
    reply(answer.status, answer.body);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    origin: `https://127.0.0.1:${boundPort}`,
    received,
    requests,
    failTimes: (token, times) => failures.set(token, times),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
