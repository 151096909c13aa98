/**
 * The public edge, end to end: client -> edge (public TLS) -> service sidecar (mTLS, edge SVID)
 * -> a stand-in app. The edge runs exactly as the launcher runs it (its ManagedProcess's
 * prepare and command) unless the stack already runs one; the stand-ins take the notification and
 * media app ports when the stack does not run those apps (the real media app answers media's checks
 * when it runs), so `before` refuses to start when something else holds them.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { WebSocket, type RawData } from 'ws';
import { ensureLocalCa, localCaPaths } from '../../init/local-ca.ts';
import { policy } from '../../mesh/policy.ts';
import { readCredentials } from '../../mesh/src/launcher/credentials.ts';
import { isPortFree, portOwner } from '../../mesh/src/launcher/port-check.ts';
import { readStackStatus } from '../../mesh/src/launcher/status.ts';
import { storeContext } from '../../mesh/src/launcher/store-context.ts';
import { edgeLimits, jwtRequiredPrefixes } from '../../mesh/src/mesh/edge-config.ts';
import { repoRoot } from '../../mesh/src/paths.ts';
import { edge } from '../../mesh/src/stores/edge.ts';
import { signUp } from '../support/auth-users.ts';
import { ensureTools } from '../../mesh/src/tools/bootstrap.ts';

const edgeWorkload = policy.workload('edge');
const publicPort = edgeWorkload.kind === 'edge' ? edgeWorkload.publicPort : 0;
const edgeHost = '127.0.0.1';
const mib = 1024 * 1024;

interface SeenRequest {
  service: string;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for one service's app: answers every request with what it saw, and remembers it. */
function standIn(service: 'notification' | 'media', seen: SeenRequest[]): Server {
  return createServer((request, response) => {
    let bytes = 0;
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => {
      const entry = { service, method: request.method!, url: request.url!, headers: request.headers, bytes };
      seen.push(entry);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(entry));
    });
  });
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, resolve);
  });
}

async function requirePortFree(port: number, what: string): Promise<void> {
  if (await isPortFree(port)) return;
  throw new Error(`port ${port} is busy (${portOwner(port) ?? 'owner unknown'}); the edge tests need it for ${what}. Stop that process and run again.`);
}

function appPort(service: string): number {
  const workload = policy.workload(service);
  if (workload.kind !== 'service') throw new Error(`${service} is not a service`);
  return workload.appPort;
}

/** The stack's own app answers when the stack runs it; otherwise a stand-in takes its port. */
function stackRuns(service: string): boolean {
  return readStackStatus()?.processes.some((process) => process.name === service && process.state === 'ready') ?? false;
}

/** A real media upload body: multipart/form-data with one MP4-looking file of `size` bytes. */
function mediaUploadBody(size: number): { contentType: string; body: Buffer } {
  const boundary = 'edge-test-boundary';
  const file = Buffer.alloc(size, 0x5a);
  Buffer.from('000000186674797069736f6d0000020069736f6d6d703431', 'hex').copy(file);
  const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\n\r\n`), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** For races: a timer that does not keep the test process alive once the race is won. */
const unrefSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

describe('the public edge', () => {
  let caPem = Buffer.alloc(0);
  const seen: SeenRequest[] = [];
  const servers: Server[] = [];
  let edgeProcess: ChildProcess | undefined;
  let edgeOutput = '';
  /** A real access token from auth: the edge requires one on the protected routes. */
  let bearer = '';
  /** Whether the stack's real media app answers /api/media (else a stand-in echoes what it saw). */
  let realMedia = false;

  /** One HTTPS request to the edge, trusting only the local CA; resolves even when the edge answers mid-upload. */
  function edgeRequest(path: string, options: { method?: string; headers?: Record<string, string | number>; body?: Buffer | Buffer[]; agent?: Agent; servername?: string } = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      let answered = false;
      const request = httpsRequest(
        {
          host: edgeHost,
          port: publicPort,
          path,
          method: options.method ?? 'GET',
          headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...options.headers },
          ca: caPem,
          agent: options.agent,
          servername: options.servername,
        },
        (response) => {
          answered = true;
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
          response.on('error', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
        },
      );
      request.on('error', (error) => {
        if (!answered) reject(error);
      });
      const chunks = options.body === undefined ? [] : Array.isArray(options.body) ? options.body : [options.body];
      for (const chunk of chunks) request.write(chunk);
      request.end();
    });
  }

  before(async () => {
    caPem = readFileSync(ensureLocalCa().caCert);
    realMedia = stackRuns('media');
    const standIns = ([['notification', appPort('notification')], ['media', appPort('media')]] as const).filter(([service]) => !stackRuns(service));
    for (const [service, port] of standIns) await requirePortFree(port, `a stand-in of the ${service} app`);
    for (const [service, port] of standIns) {
      const server = standIn(service, seen);
      servers.push(server);
      await listen(server, port);
    }

    bearer = (await signUp('Edge Test')).accessToken;
    if (readStackStatus()?.processes.some((process) => process.name === 'edge' && process.state === 'ready')) return; // The stack's own edge.
    await requirePortFree(publicPort, 'the edge');
    await requirePortFree(policy.adminPort(edgeWorkload), "the edge's admin API");
    const context = storeContext(edge, await ensureTools(undefined, { quiet: true }), readCredentials(), () => {});
    await edge.prepare(context);
    const launch = edge.command(context);
    const child = spawn(launch.command, launch.args, { cwd: launch.cwd, env: { ...process.env, ...launch.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    edgeProcess = child;
    child.stderr!.on('data', (chunk: Buffer) => (edgeOutput += chunk.toString()));
    const deadline = Date.now() + edge.startTimeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`edge envoy exited (${child.exitCode}): ${edgeOutput}`);
      try {
        await edge.probe(context);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`edge not ready in time: ${(error as Error).message}\n${edgeOutput}`);
        await sleep(250);
      }
    }
  });

  after(async () => {
    if (edgeProcess && edgeProcess.exitCode === null) {
      const exited = new Promise((resolve) => edgeProcess!.once('exit', resolve));
      edgeProcess.kill('SIGTERM');
      await Promise.race([exited, unrefSleep(10_000)]);
      if (edgeProcess.exitCode === null) edgeProcess.kill('SIGKILL');
    }
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('envoy/edge.yaml passes envoy --mode validate once the local CA exists', async () => {
    const envoy = (await ensureTools(undefined, { quiet: true })).binaries.envoy!;
    const result = spawnSync(envoy, ['--mode', 'validate', '-c', 'envoy/edge.yaml', '--log-level', 'error'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr + result.stdout);
  });

  it('serves a certificate from the local CA that is valid for localhost and 127.0.0.1', async () => {
    for (const servername of ['localhost', undefined]) {
      const reply = await edgeRequest('/api/notifications/ping', { servername });
      assert.equal(reply.status, 200);
    }
    // Without the local CA a client must not trust it.
    await assert.rejects(
      new Promise((resolve, reject) => httpsRequest({ host: edgeHost, port: publicPort, path: '/api/notifications/ping' }, resolve).on('error', reject).end()),
      /self[- ]signed|unable to (get|verify)/i,
    );
  });

  it('routes /api/rooms and /api/dms to the message app, and /api/notifications and /api/media to theirs, over the edge SVID', async () => {
    const mine = await edgeRequest('/api/rooms/mine');
    assert.equal(mine.status, 200, mine.body);
    assert.ok(Array.isArray((JSON.parse(mine.body) as { rooms: unknown }).rooms), 'answered by the message app');
    const dms = await edgeRequest('/api/dms/42');
    assert.equal((JSON.parse(dms.body) as { code: string }).code, 'COMMON_NOT_FOUND', 'the message app, not the edge, answered');
    if (realMedia) {
      const reply = await edgeRequest('/api/media/42');
      assert.equal((JSON.parse(reply.body) as { code: string }).code, 'MEDIA_NOT_FOUND', 'the media app, not the edge, answered');
    }
    for (const [path, service] of [['/api/notifications/feed?cursor=1', 'notification'], ...(realMedia ? [] : [['/api/media/42', 'media']])] as const) {
      const reply = await edgeRequest(path);
      assert.equal(reply.status, 200, `${path}: ${reply.body}`);
      const echoed = JSON.parse(reply.body) as SeenRequest;
      assert.equal(echoed.service, service, path);
      assert.equal(echoed.url, path);
      // Set by the service's sidecar from the mTLS peer: the edge's SPIFFE ID, not anything the client said.
      assert.match(String(echoed.headers['x-forwarded-client-cert']), /URI=spiffe:\/\/lynk\.internal\/edge(;|$)/);
    }
  });

  it('routes /api/auth and /.well-known/jwks.json to the auth service', async () => {
    const jwks = await edgeRequest('/.well-known/jwks.json');
    assert.equal(jwks.status, 200);
    assert.ok((JSON.parse(jwks.body) as { keys: unknown[] }).keys.length >= 1);
    const openApi = await edgeRequest('/api/auth/openapi.json');
    assert.equal(openApi.status, 200);
    assert.match(openApi.body, /"openapi":"3\.1/);
  });

  it('a client cannot forge the caller identity or its own address', async () => {
    const reply = await edgeRequest('/api/notifications/feed', {
      headers: { 'x-forwarded-client-cert': 'By=spiffe://lynk.internal/service/message;URI=spiffe://lynk.internal/service/media', 'x-forwarded-for': '203.0.113.9' },
    });
    const echoed = JSON.parse(reply.body) as SeenRequest;
    assert.doesNotMatch(String(echoed.headers['x-forwarded-client-cert']), /service\/media/);
    assert.match(String(echoed.headers['x-forwarded-client-cert']), /URI=spiffe:\/\/lynk\.internal\/edge/);
    const forwardedFor = String(echoed.headers['x-forwarded-for']);
    assert.doesNotMatch(forwardedFor, /203\.0\.113\.9/);
    assert.equal(forwardedFor.split(',').length, 1, `one address, appended by the edge: ${forwardedFor}`);
    assert.equal(echoed.headers['x-envoy-external-address'], '127.0.0.1');
    assert.equal(echoed.headers['x-forwarded-proto'], 'https');
  });

  it('upgrades a Socket.IO WebSocket through edge -> message sidecar -> app', async () => {
    const socket = new WebSocket(`wss://${edgeHost}:${publicPort}/socket.io/?EIO=4&transport=websocket`, { ca: caPem });
    const firstFrame = new Promise<string>((resolve, reject) => {
      socket.on('message', (data: RawData) => resolve(data.toString()));
      socket.on('error', reject);
      socket.on('unexpected-response', (_request, response) => reject(new Error(`no upgrade: ${response.statusCode}`)));
    });
    const frame = await Promise.race([firstFrame, unrefSleep(10_000).then(() => assert.fail('no Engine.IO open packet in 10 s'))]);
    socket.close();
    // Engine.IO's open packet: type 0, then the session the message app created for this WebSocket.
    assert.match(frame, /^0\{"sid":"[\w-]+","upgrades":\[\]/);
  });

  it('refuses a WebSocket upgrade anywhere but /socket.io', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`wss://${edgeHost}:${publicPort}/api/rooms`, { ca: caPem });
      socket.on('open', () => reject(new Error('upgraded on /api/rooms')));
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode!));
      socket.on('error', reject);
    });
    assert.equal(status, 403);
  });

  it('answers an unknown path with a problem+json 404, also for look-alike prefixes', async () => {
    for (const path of ['/nope', '/api/authx', '/api', '/internal/members']) {
      const reply = await edgeRequest(path);
      assert.equal(reply.status, 404, path);
      assert.equal(reply.headers['content-type'], 'application/problem+json');
      const problem = JSON.parse(reply.body) as { status: number; code: string };
      assert.equal(problem.status, 404);
      assert.equal(problem.code, 'EDGE_ROUTE_NOT_FOUND');
    }
    assert.equal(seen.some((request) => request.url.startsWith('/nope') || request.url.startsWith('/api/authx')), false);
  });

  it('rejects encoded slashes rather than route around prefixes', async () => {
    const reply = await edgeRequest('/api/rooms/..%2F..%2Finternal%2Fmembers');
    assert.equal(reply.status, 400);
  });

  it('limits request bodies: 10 MiB passes, one byte more is 413 whether declared or chunked', async () => {
    const limit = edgeLimits.maxRequestBytes;
    const atLimit = await edgeRequest('/api/notifications/upload', { method: 'POST', headers: { 'content-length': limit }, body: Buffer.alloc(limit, 1) });
    assert.equal(atLimit.status, 200);
    assert.equal((JSON.parse(atLimit.body) as SeenRequest).bytes, limit);

    const declared = await edgeRequest('/api/notifications/upload', { method: 'POST', headers: { 'content-length': limit + 1 }, body: Buffer.alloc(limit + 1, 1) });
    assert.equal(declared.status, 413);
    assert.equal((JSON.parse(declared.body) as { code: string }).code, 'EDGE_BODY_TOO_LARGE');

    // No Content-Length: the buffer filter counts what actually arrives.
    const chunked = await edgeRequest('/api/notifications/upload', { method: 'POST', body: [Buffer.alloc(limit, 1), Buffer.alloc(1, 1)] });
    assert.equal(chunked.status, 413);
    assert.equal(seen.filter((request) => request.bytes > limit).length, 0, 'no oversized body reached a service');
  });

  it('lets media uploads declare up to the media limit and refuses more, or none, before reading the body', async () => {
    const tooLarge = await edgeRequest('/api/media/uploads', { method: 'PUT', headers: { 'content-length': edgeLimits.maxMediaUploadBytes + 1 } });
    assert.equal(tooLarge.status, 413);
    assert.match(tooLarge.body, new RegExp(`${edgeLimits.maxMediaUploadBytes / mib} MiB`));
    const undeclared = await edgeRequest('/api/media/uploads', { method: 'POST', headers: { 'transfer-encoding': 'chunked' }, body: Buffer.from('x') });
    assert.equal(undeclared.status, 411);
    // Within the media limit but above the default one: it reaches the media app whole.
    if (realMedia) {
      const room = await edgeRequest('/api/rooms', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ name: `edge_media_${Date.now()}`, visibility: 'private', maxMembers: 5 })) });
      const upload = mediaUploadBody(20 * mib);
      const stored = await edgeRequest(`/api/media/rooms/${(JSON.parse(room.body) as { id: string }).id}/uploads`, { method: 'POST', headers: { 'content-type': upload.contentType, 'content-length': upload.body.length }, body: upload.body });
      assert.equal(stored.status, 201, stored.body);
      assert.equal((JSON.parse(stored.body) as { size: number }).size, 20 * mib);
      return;
    }
    const large = await edgeRequest('/api/media/uploads', { method: 'PUT', headers: { 'content-length': 20 * mib }, body: Buffer.alloc(20 * mib, 1) });
    assert.equal(large.status, 200, large.body);
    assert.equal((JSON.parse(large.body) as SeenRequest).bytes, 20 * mib);
  });

  it('requires a valid access token on protected routes: none or a forged one is 401, a real one passes', async () => {
    assert.ok(jwtRequiredPrefixes.includes('/api/rooms') && jwtRequiredPrefixes.includes('/api/notifications'));
    for (const path of ['/api/media/42', '/api/notifications/feed']) {
      assert.equal((await edgeRequest(path, { headers: { authorization: 'Bearer not.a.jwt' } })).status, 401, `${path} forged`);
      assert.equal((await edgeRequest(path, { headers: { authorization: '' } })).status, 401, `${path} without a token`);
      const passed = await edgeRequest(path);
      if (realMedia && path.startsWith('/api/media')) {
        assert.equal((JSON.parse(passed.body) as { code: string }).code, 'MEDIA_NOT_FOUND', `${path} with a real token reaches media, which checks it again`);
        continue;
      }
      assert.equal(passed.status, 200, `${path} with a real token`);
      assert.match(String((JSON.parse(passed.body) as SeenRequest).headers.authorization), /^Bearer /, 'the token is forwarded for the service to check again');
    }
    assert.equal((await edgeRequest('/api/rooms/mine', { headers: { authorization: 'Bearer not.a.jwt' } })).status, 401, 'message routes too');
    const publicRoute = await edgeRequest('/.well-known/jwks.json', { headers: { authorization: 'Bearer not.a.jwt' } });
    assert.equal(publicRoute.status, 200, 'routes without JWT validation ignore the header');
  });

  it('refuses plain HTTP on the public port', async () => {
    await assert.rejects(
      new Promise((resolve, reject) => {
        const request = httpRequest({ host: edgeHost, port: publicPort, path: '/api/rooms', timeout: 5000 }, resolve);
        request.on('timeout', () => request.destroy(new Error('timeout')));
        request.on('error', reject);
        request.end();
      }),
      /socket hang up|ECONNRESET|Parse Error|timeout/,
    );
  });

  it('refuses TLS 1.1 and 1.0 and non-forward-secret suites (openssl s_client), accepts TLS 1.2', () => {
    const sClient = (args: string[]) =>
      spawnSync('openssl', ['s_client', '-connect', `${edgeHost}:${publicPort}`, '-CAfile', localCaPaths().caCert, '-servername', 'localhost', ...args], { input: '', encoding: 'utf8', timeout: 10_000 });
    // SECLEVEL=0 lets the client offer the old protocol, so the refusal below is the edge's own.
    for (const version of ['-tls1_1', '-tls1']) {
      const result = sClient([version, '-cipher', 'DEFAULT@SECLEVEL=0']);
      assert.match(result.stdout + result.stderr, /alert protocol version/, version);
      assert.doesNotMatch(result.stdout, /Cipher is ECDHE/, version);
    }
    const weakSuite = sClient(['-tls1_2', '-cipher', 'AES128-SHA']);
    assert.match(weakSuite.stdout + weakSuite.stderr, /handshake failure/);
    const modern = sClient(['-tls1_2', '-cipher', 'DEFAULT@SECLEVEL=0']);
    assert.match(modern.stdout, /Protocol\s*: TLSv1\.2/);
    assert.match(modern.stdout, /Verification: OK/);
  });

  it('rate-limits per client IP: a burst from one address gets 429, another address is unaffected', async () => {
    const { burst, refillPerSecond } = edgeLimits.perClientIp;
    const noisy = new Agent({ keepAlive: true, maxSockets: 32, localAddress: '127.0.0.2' });
    const started = Date.now();
    const replies = await Promise.all(Array.from({ length: burst * 3 }, () => edgeRequest('/api/notifications/feed', { agent: noisy })));
    const elapsedSeconds = (Date.now() - started) / 1000;
    noisy.destroy();

    const allowed = replies.filter((reply) => reply.status === 200).length;
    const limited = replies.filter((reply) => reply.status === 429);
    assert.ok(limited.length > 0, `no 429 in ${replies.length} requests`);
    assert.ok(allowed >= burst, `the first ${burst} pass (${allowed} did)`);
    // One bucket per address, shared by Envoy's worker threads: never more than the burst plus what refilled meanwhile.
    assert.ok(allowed <= burst + refillPerSecond * Math.ceil(elapsedSeconds + 1), `${allowed} passed in ${elapsedSeconds}s`);
    assert.equal(seen.filter((request) => request.headers['x-envoy-external-address'] === '127.0.0.2').length, allowed, 'refused requests never reached the service');
    const problem = JSON.parse(limited[0]!.body) as { code: string };
    assert.equal(problem.code, 'EDGE_RATE_LIMITED');
    assert.equal(limited[0]!.headers['retry-after'], '1');

    const quiet = new Agent({ keepAlive: false, localAddress: '127.0.0.3' });
    const other = await edgeRequest('/api/notifications/feed', { agent: quiet });
    assert.equal(other.status, 200, 'a different client address has its own bucket');
  });
});
