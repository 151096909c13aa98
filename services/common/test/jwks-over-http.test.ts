import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fetchJwksOverHttp } from '../src/auth/jwks-key-store.ts';

describe('fetchJwksOverHttp', () => {
  let server: Server;
  let baseUrl: string;
  const jwks = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'k1', alg: 'ES256', use: 'sig' }] };

  before(async () => {
    server = createServer((request, response) => {
      if (request.url === '/jwks') response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
      else if (request.url === '/not-jwks') response.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":"nope"}');
      else response.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('returns the key set auth serves', async () => {
    assert.deepEqual(await fetchJwksOverHttp(`${baseUrl}/jwks`), jwks);
  });

  it('fails on an error status', async () => {
    await assert.rejects(fetchJwksOverHttp(`${baseUrl}/down`), /answered 500/);
  });

  it('fails on a body without a keys array', async () => {
    await assert.rejects(fetchJwksOverHttp(`${baseUrl}/not-jwks`), /no keys array/);
  });
});
