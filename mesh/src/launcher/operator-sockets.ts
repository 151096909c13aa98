import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import type { ConnectionOptions, PeerCertificate } from 'node:tls';
import { policy } from '../../policy.ts';
import { privateNetworkSockets } from '../mesh/private-network.ts';
import { spireServerSocketPath } from '../mesh/spiffe.ts';
import { stateDir } from '../paths.ts';
import { runCommand } from '../tools/run-command.ts';

/**
 * How the operator (the launcher's provisioning, tests' admin logins, `npm run traces`) reaches a
 * store in a private network: its operator socket, which the store's sidecar forwards into the
 * namespace (see mesh/private-network.ts). The clients below aim every connection at that socket.
 */
export const operatorSocketPath = (store: string) => join(stateDir, privateNetworkSockets.operator(store));

/** An HTTP agent that sends every request to one unix socket, whatever host the URL names. */
export function unixSocketAgent(socketPath: string): Agent {
  const agent = new Agent({ keepAlive: false });
  agent.createConnection = () => connect({ path: socketPath });
  return agent;
}

/** A GET over a unix socket: `path` is the request path, e.g. `/api/services`. */
export function getOverSocket(socketPath: string, path: string, timeoutMs = 3000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, headers: { host: 'localhost' }, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${socketPath} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Jaeger's query API (`/api/...`) through its operator socket. */
export async function jaegerQuery<T>(path: string, timeoutMs = 5000): Promise<T> {
  const { status, body } = await getOverSocket(operatorSocketPath('jaeger'), `/api/${path}`, timeoutMs);
  if (status !== 200) throw new Error(`jaeger query API answered ${status} for /api/${path}`);
  return JSON.parse(body) as T;
}

/** kafkajs socketFactory: the one broker advertises its own loopback address; every connection goes to the operator socket. */
export function kafkaOperatorSocket({ onConnect }: { onConnect: () => void }): Socket {
  return connect({ path: operatorSocketPath('kafka') }, onConnect);
}

/** The trust domain's CA certificates, as the SPIRE server has them now (a rotated CA included). */
export async function readTrustBundle(spireServerBinary: string): Promise<string> {
  return runCommand(spireServerBinary, ['bundle', 'show', '-socketPath', spireServerSocketPath]);
}

/**
 * cassandra-driver options for its operator socket: the driver reaches a unix socket only through
 * TLS (`path` goes to tls.connect), so that socket presents Cassandra's SVID, checked here against
 * the trust bundle and by its SPIFFE ID (an SVID names no host).
 */
export function cassandraOperatorTls(trustBundle: string): ConnectionOptions {
  const expected = `URI:${policy.workload('cassandra').spiffeId}`;
  const ca = trustBundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return {
    path: operatorSocketPath('cassandra'),
    ca,
    rejectUnauthorized: true,
    checkServerIdentity: (_host: string, certificate: PeerCertificate) => (certificate.subjectaltname === expected ? undefined : new Error(`operator socket presented ${certificate.subjectaltname}, not ${expected}`)),
  };
}
