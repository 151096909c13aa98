/**
 * The public edge, end to end: client -> edge (public TLS) -> service sidecar (mTLS, edge SVID)
 * -> the real apps. What an app saw (the caller's SPIFFE ID, the client address) is read from its
 * request log, as an operator would. The edge runs exactly as the launcher runs it (its
 * ManagedProcess's prepare and command) unless the stack already runs one.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { WebSocket, type RawData } from 'ws';
import { ensureLocalCa, localCaPaths } from '../../init/local-ca.ts';
import { policy } from '../../mesh/policy.ts';
import { readCredentials } from '../../mesh/src/launcher/credentials.ts';
import { isPortFree, portOwner } from '../../mesh/src/launcher/port-check.ts';
import { readStackStatus } from '../../mesh/src/launcher/status.ts';
import { stateDir } from '../../mesh/src/paths.ts';
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

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

async function requirePortFree(port: number, what: string): Promise<void> {
  if (await isPortFree(port)) return;
  throw new Error(`port ${port} is busy (${portOwner(port) ?? 'owner unknown'}); the edge tests need it for ${what}. Stop that process and run again.`);
}

interface RequestLogLine {
  path: string;
  status: number;
  caller?: string;
  client?: string;
  forwardedFor?: string;
}

/** The request-log lines an app wrote for `path`, waiting briefly for the log to be flushed. */
async function requestsSeenBy(service: string, path: string, atLeast = 1): Promise<RequestLogLine[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const lines = readFileSync(join(stateDir, 'logs', `${service}.log`), 'utf8')
      .split('\n')
      .filter((line) => line.includes(`"path":"${path}"`))
      .map((line) => JSON.parse(line) as RequestLogLine);
    if (lines.length >= atLeast || Date.now() > deadline) return lines;
    await sleep(100);
  }
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
  let edgeProcess: ChildProcess | undefined;
  let edgeOutput = '';
  /** A real access token from auth: the edge requires one on the protected routes. */
  let bearer = '';

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
  });

  it('envoy/edge.yaml passes envoy --mode validate once the local CA exists', async () => {
    const envoy = (await ensureTools(undefined, { quiet: true })).binaries.envoy!;
    const result = spawnSync(envoy, ['--mode', 'validate', '-c', 'envoy/edge.yaml', '--log-level', 'error'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr + result.stdout);
  });

  it('serves a certificate from the local CA that is valid for localhost and 127.0.0.1', async () => {
    for (const servername of ['localhost', undefined]) {
      const reply = await edgeRequest('/api/notifications/feed', { servername });
      assert.equal(reply.status, 200, reply.body);
    }
    // Without the local CA a client must not trust it.
    await assert.rejects(
      new Promise((resolve, reject) => httpsRequest({ host: edgeHost, port: publicPort, path: '/api/notifications/feed' }, resolve).on('error', reject).end()),
      /self[- ]signed|unable to (get|verify)/i,
    );
  });

  it('routes /api/rooms and /api/dms to the message app, and /api/notifications and /api/media to theirs, over the edge SVID', async () => {
    const mine = await edgeRequest('/api/rooms/mine');
    assert.equal(mine.status, 200, mine.body);
    assert.ok(Array.isArray((JSON.parse(mine.body) as { rooms: unknown }).rooms), 'answered by the message app');
    const dms = await edgeRequest('/api/dms/42');
    assert.equal((JSON.parse(dms.body) as { code: string }).code, 'COMMON_NOT_FOUND', 'the message app, not the edge, answered');
    const media = await edgeRequest('/api/media/42');
    assert.equal((JSON.parse(media.body) as { code: string }).code, 'MEDIA_NOT_FOUND', 'the media app, not the edge, answered');
    const feed = await edgeRequest('/api/notifications/feed');
    assert.equal(feed.status, 200, feed.body);
    assert.ok(Array.isArray((JSON.parse(feed.body) as { items: unknown }).items), 'answered by the notification app');
    // Set by the notification sidecar from the mTLS peer: the edge's SPIFFE ID, not anything the client said.
    const path = `/api/notifications/routed-${randomUUID()}`;
    await edgeRequest(path);
    const [logged] = await requestsSeenBy('notification', path);
    assert.equal(logged?.caller, 'spiffe://lynk.internal/edge');
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
    const path = `/api/notifications/forged-${randomUUID()}`;
    await edgeRequest(path, {
      headers: { 'x-forwarded-client-cert': 'By=spiffe://lynk.internal/service/message;URI=spiffe://lynk.internal/service/media', 'x-forwarded-for': '203.0.113.9' },
    });
    const [logged] = await requestsSeenBy('notification', path);
    assert.ok(logged, 'the notification app logged the request');
    assert.equal(logged.caller, 'spiffe://lynk.internal/edge', 'the caller is what the mTLS peer proved, not the forged header');
    assert.doesNotMatch(String(logged.forwardedFor), /203\.0\.113\.9/);
    assert.equal(String(logged.forwardedFor).split(',').length, 1, `one address, appended by the edge: ${logged.forwardedFor}`);
    assert.equal(logged.client, '127.0.0.1');
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
  });

  it('rejects encoded slashes rather than route around prefixes', async () => {
    const reply = await edgeRequest('/api/rooms/..%2F..%2Finternal%2Fmembers');
    assert.equal(reply.status, 400);
  });

  it('limits request bodies: 10 MiB passes, one byte more is 413 whether declared or chunked', async () => {
    const limit = edgeLimits.maxRequestBytes;
    const marker = randomUUID();
    // At the limit the edge passes it on, and the notification app (whose own JSON limit is far smaller) refuses it itself.
    const atLimit = await edgeRequest(`/api/notifications/at-limit-${marker}`, { method: 'POST', headers: { 'content-length': limit, 'content-type': 'application/json' }, body: Buffer.alloc(limit, 0x20) });
    assert.equal(atLimit.status, 413);
    assert.equal((JSON.parse(atLimit.body) as { code: string }).code, 'COMMON_PAYLOAD_TOO_LARGE', 'the app, not the edge, refused it');

    const declared = await edgeRequest(`/api/notifications/declared-${marker}`, { method: 'POST', headers: { 'content-length': limit + 1 }, body: Buffer.alloc(limit + 1, 1) });
    assert.equal(declared.status, 413);
    assert.equal((JSON.parse(declared.body) as { code: string }).code, 'EDGE_BODY_TOO_LARGE');

    // No Content-Length: the buffer filter counts what actually arrives.
    const chunked = await edgeRequest(`/api/notifications/chunked-${marker}`, { method: 'POST', body: [Buffer.alloc(limit, 1), Buffer.alloc(1, 1)] });
    assert.equal(chunked.status, 413);
    assert.equal((JSON.parse(chunked.body) as { code: string }).code, 'EDGE_BODY_TOO_LARGE');
    assert.equal((await requestsSeenBy('notification', `/api/notifications/at-limit-${marker}`)).length, 1);
    for (const refused of ['declared', 'chunked']) assert.deepEqual(await requestsSeenBy('notification', `/api/notifications/${refused}-${marker}`, 0), [], `the ${refused} oversized body never reached the app`);
  });

  it('lets media uploads declare up to the media limit and refuses more, or none, before reading the body', async () => {
    const tooLarge = await edgeRequest('/api/media/uploads', { method: 'PUT', headers: { 'content-length': edgeLimits.maxMediaUploadBytes + 1 } });
    assert.equal(tooLarge.status, 413);
    assert.match(tooLarge.body, new RegExp(`${edgeLimits.maxMediaUploadBytes / mib} MiB`));
    const undeclared = await edgeRequest('/api/media/uploads', { method: 'POST', headers: { 'transfer-encoding': 'chunked' }, body: Buffer.from('x') });
    assert.equal(undeclared.status, 411);
    // Within the media limit but above the default one: it reaches the media app whole.
    const room = await edgeRequest('/api/rooms', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ name: `edge_media_${Date.now()}`, visibility: 'private', maxMembers: 5 })) });
    const upload = mediaUploadBody(20 * mib);
    const stored = await edgeRequest(`/api/media/rooms/${(JSON.parse(room.body) as { id: string }).id}/uploads`, { method: 'POST', headers: { 'content-type': upload.contentType, 'content-length': upload.body.length }, body: upload.body });
    assert.equal(stored.status, 201, stored.body);
    assert.equal((JSON.parse(stored.body) as { size: number }).size, 20 * mib);
  });

  it('requires a valid access token on protected routes: none or a forged one is 401, a real one passes', async () => {
    assert.ok(jwtRequiredPrefixes.includes('/api/rooms') && jwtRequiredPrefixes.includes('/api/notifications'));
    for (const path of ['/api/media/42', '/api/notifications/feed']) {
      assert.equal((await edgeRequest(path, { headers: { authorization: 'Bearer not.a.jwt' } })).status, 401, `${path} forged`);
      assert.equal((await edgeRequest(path, { headers: { authorization: '' } })).status, 401, `${path} without a token`);
      const passed = await edgeRequest(path);
      // Past the edge, the app checks the token again and answers for itself.
      if (path.startsWith('/api/media')) assert.equal((JSON.parse(passed.body) as { code: string }).code, 'MEDIA_NOT_FOUND', `${path} with a real token reaches media`);
      else assert.equal(passed.status, 200, `${path} with a real token`);
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
    const path = `/api/notifications/rate-${randomUUID()}`;
    const replies = await Promise.all(Array.from({ length: burst * 3 }, () => edgeRequest(path, { agent: noisy })));
    const elapsedSeconds = (Date.now() - started) / 1000;
    noisy.destroy();

    const allowed = replies.filter((reply) => reply.status !== 429).length;
    const limited = replies.filter((reply) => reply.status === 429);
    assert.ok(limited.length > 0, `no 429 in ${replies.length} requests`);
    assert.ok(allowed >= burst, `the first ${burst} pass (${allowed} did)`);
    // One bucket per address, shared by Envoy's worker threads: never more than the burst plus what refilled meanwhile.
    assert.ok(allowed <= burst + refillPerSecond * Math.ceil(elapsedSeconds + 1), `${allowed} passed in ${elapsedSeconds}s`);
    const reached = await requestsSeenBy('notification', path, allowed);
    assert.equal(reached.length, allowed, 'refused requests never reached the service');
    assert.ok(reached.every((line) => line.client === '127.0.0.2'));
    const problem = JSON.parse(limited[0]!.body) as { code: string };
    assert.equal(problem.code, 'EDGE_RATE_LIMITED');
    assert.equal(limited[0]!.headers['retry-after'], '1');

    const quiet = new Agent({ keepAlive: false, localAddress: '127.0.0.3' });
    const other = await edgeRequest('/api/notifications/feed', { agent: quiet });
    assert.equal(other.status, 200, 'a different client address has its own bucket');
  });
});
