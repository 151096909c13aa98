import assert from 'node:assert/strict';
import { readlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { policy } from '../../mesh/policy.ts';
import { storePorts, loopback } from '../../mesh/src/launcher/ports.ts';
import { readStackStatus } from '../../mesh/src/launcher/status.ts';
import { privateNetworkStores } from '../../mesh/src/mesh/private-network.ts';
import { kafkaClientListeners } from '../../mesh/src/mesh/store-upstreams.ts';
import { mediaBucket } from '../../mesh/src/stores/minio.ts';
import { kafkaClient, s3, withCassandra } from '../support/clients.ts';
import { credentials, throughSidecar } from '../support/stack.ts';

/** How a TCP connect to 127.0.0.1:`port` on the host ends: 'connected', or the error code. */
function tcpConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: loopback, port });
    socket.setTimeout(3000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Every TCP port the TCP-only stores and their sidecars listened on before they moved into their own network namespaces. */
function formerStorePorts(): Array<[port: number, what: string]> {
  const ports: Array<[number, string]> = [
    [storePorts.kafkaClient, 'Kafka inter-broker and admin listener'],
    [storePorts.kafkaController, 'Kafka controller'],
    ...kafkaClientListeners(policy).map((listener): [number, string] => [listener.brokerPort, `Kafka listener for ${listener.client}`]),
    ...kafkaClientListeners(policy).map((listener): [number, string] => [listener.sidecarPort, `Kafka's sidecar listener for ${listener.client}`]),
    [storePorts.cassandraNative, 'Cassandra CQL'],
    [storePorts.cassandraStorage, 'Cassandra storage'],
    [storePorts.minio, 'MinIO S3'],
    [storePorts.minioConsole, 'MinIO console'],
    [storePorts.jaegerOtlpGrpc, 'Jaeger OTLP gRPC'],
    [storePorts.jaegerOtlpHttp, 'Jaeger OTLP HTTP'],
    [storePorts.jaegerQuery, 'Jaeger query API'],
    [storePorts.jaegerQueryGrpc, 'Jaeger query gRPC'],
    [storePorts.jaegerHealth, 'Jaeger health'],
  ];
  for (const store of privateNetworkStores(policy)) {
    ports.push([policy.adminPort(store), `${store.name}'s sidecar admin`]);
    if (store.kind === 'store' && store.protocol !== 'kafka') ports.push([policy.inboundPort(store), `${store.name}'s sidecar mTLS listener`]);
  }
  return ports;
}

const pidOf = (name: string): number => {
  const pid = readStackStatus()?.processes.find((entry) => entry.name === name)?.pid;
  if (!pid) throw new Error(`${name} is not running`);
  return pid;
};
const networkOf = (pid: number | 'self') => readlinkSync(`/proc/${pid}/ns/net`);

describe('the TCP-only stores have no port on the host', () => {
  it('a TCP connect from the host to any port the stores or their sidecars used is refused', async () => {
    for (const [port, what] of formerStorePorts()) {
      assert.equal(await tcpConnect(port), 'ECONNREFUSED', `${what} (127.0.0.1:${port})`);
    }
  });

  it('each store runs with its own sidecar in a network namespace of its own', () => {
    const host = networkOf('self');
    const seen = new Set<string>();
    for (const store of privateNetworkStores(policy)) {
      const network = networkOf(pidOf(store.name));
      assert.notEqual(network, host, `${store.name} is not in the host's network namespace`);
      assert.equal(networkOf(pidOf(`sidecar-${store.name}`)), network, `${store.name}'s sidecar shares its namespace`);
      assert.ok(!seen.has(network), `${store.name}'s namespace is not shared with another store`);
      seen.add(network);
    }
  });

  it('the mesh path still reaches each of them: an app through its own sidecar, with its own login', async () => {
    const creds = credentials();
    const rows = await withCassandra(creds.cassandra.message, 'message', (client) => client.execute('SELECT release_version FROM system.local'));
    assert.equal(rows.rowLength, 1);

    const admin = kafkaClient(creds.kafka.services.media, 'media').admin();
    await admin.connect();
    try {
      assert.equal((await admin.describeCluster()).brokers.length, 1);
    } finally {
      await admin.disconnect();
    }

    const media = s3(creds.minio.media, 'media');
    try {
      await media.send(new HeadBucketCommand({ Bucket: mediaBucket }));
    } finally {
      media.destroy();
    }

    const otlp = throughSidecar('auth', 'jaeger');
    const sent = await fetch(`http://${otlp.host}:${otlp.port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resourceSpans: [] }) });
    assert.equal(sent.status, 200);
  });
});
