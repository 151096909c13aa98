/** The real Twilio SDK, pointed at a local stand-in of Twilio's Messages API. */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { twilioSmsSender } from '../src/providers/twilio-sms-sender.ts';

interface Received {
  method: string;
  url: string;
  authorization: string;
  form: URLSearchParams;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
  });
}

describe('Twilio SMS adapter (real SDK, local stand-in of the Messages API)', () => {
  const received: Received[] = [];
  let server: Server;
  let baseUrl = '';
  let answer: { status: number; body: object } = { status: 201, body: {} };

  before(async () => {
    server = createServer(async (request, response) => {
      received.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization ?? '', form: new URLSearchParams(await readBody(request)) });
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sender = () => twilioSmsSender({ accountSid: 'AC00000000000000000000000000000001', authToken: 'test-token', from: '+15005550006', apiBaseUrl: baseUrl });

  it('posts To, From and Body to the account\'s Messages resource with basic auth', async () => {
    answer = { status: 201, body: { sid: 'SM00000000000000000000000000000001', status: 'queued', to: '+447700900123', from: '+15005550006', body: 'x' } };
    await sender().send('+447700900123', 'Your Lynk code is 123456.');
    const request = received.at(-1)!;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json');
    assert.equal(request.authorization, `Basic ${Buffer.from('AC00000000000000000000000000000001:test-token').toString('base64')}`);
    assert.deepEqual([request.form.get('To'), request.form.get('From'), request.form.get('Body')], ['+447700900123', '+15005550006', 'Your Lynk code is 123456.']);
  });

  it('a provider error surfaces as a rejected send with Twilio\'s code', async () => {
    answer = { status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 } };
    await assert.rejects(sender().send('+10000000000', 'x'), (error: { code?: number; status?: number }) => error.code === 21211 && error.status === 400);
  });
});
