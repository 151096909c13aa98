import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { connect as connectTcp } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { describe, it } from 'node:test';
import { policy } from '../../mesh/policy.ts';
import { isPortFree } from '../../mesh/src/launcher/port-check.ts';
import { loopback, storePorts } from '../../mesh/src/launcher/ports.ts';
import { selfSignedSpiffeCert } from '../support/spiffe-certs.ts';

const postgres = policy.workload('postgres');
const inbound = policy.inboundPort(postgres);

/** Resolves with how a TLS handshake plus one read ended: 'established' or the error. */
function tlsOutcome(options: ConnectionOptions): Promise<string> {
  return new Promise((resolve) => {
    const socket = connectTls({ host: loopback, port: inbound, rejectUnauthorized: false, ...options }, () => {
      // TLS 1.3 reports a refused client certificate only on the first read after the handshake.
      socket.write('\0');
      socket.once('data', () => resolve('established'));
      setTimeout(() => resolve('established'), 1000);
    });
    socket.once('error', (error) => resolve(error.message));
    socket.once('close', () => resolve('closed'));
  });
}

describe('the mesh refuses what the policy does not allow', () => {
  it('a connection without a client certificate is refused (openssl s_client)', () => {
    // -ign_eof keeps s_client reading until the server closes: under TLS 1.3 the refusal alert comes after the handshake.
    const result = spawnSync('openssl', ['s_client', '-connect', `${loopback}:${inbound}`, '-brief', '-ign_eof'], { input: 'x', encoding: 'utf8', timeout: 10_000 });
    assert.match(result.stdout + result.stderr, /certificate required|alert|handshake failure/i);
  });

  it('a connection without a client certificate is refused (node tls)', async () => {
    assert.notEqual(await tlsOutcome({}), 'established');
  });

  it('a self-signed certificate claiming an allowed SPIFFE ID is refused', async () => {
    const forged = selfSignedSpiffeCert(policy.workload('auth').spiffeId);
    const outcome = await tlsOutcome({ cert: forged.cert, key: forged.key });
    assert.notEqual(outcome, 'established');
    assert.match(outcome, /unknown ca|certificate|alert|closed|reset/i);
  });

  it('a plaintext connection to an mTLS port gets no answer from the store', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = connectTcp(inbound, loopback, () => {
        // A Postgres startup packet, as a client that skipped the mesh would send it.
        socket.write(Buffer.from('0000000800000000', 'hex'));
      });
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString('latin1')));
      socket.on('close', () => resolve(received));
      socket.on('error', () => resolve(received));
      setTimeout(() => socket.destroy(), 3000);
    });
    assert.doesNotMatch(reply, /^[RSNE]/, 'no Postgres protocol reply');
  });

  it('a workload has no route to a store the policy does not give it', async () => {
    for (const [caller, store] of [['media', 'redis'], ['auth', 'cassandra'], ['notification', 'minio'], ['auth', 'minio']] as const) {
      assert.ok(!policy.targetsOf(policy.workload(caller)).some((allowance) => allowance.to.name === store));
      const port = policy.outboundPort(policy.workload(caller), policy.workload(store));
      assert.ok(await isPortFree(port), `${caller}'s sidecar has no listener for ${store}`);
    }
  });

  it('the stores the apps used before the mesh are gone from TCP', async () => {
    for (const port of [storePorts.postgres, storePorts.redis]) {
      assert.ok(await isPortFree(port), `nothing listens on ${port}`);
    }
  });
});
