import type { S3Client } from '@aws-sdk/client-s3';
import cassandraDriver from 'cassandra-driver';
import { Redis } from 'ioredis';
import kafkajs, { type Kafka } from 'kafkajs';
import pg from 'pg';
import { FixedAddressTranslator } from '../../services/common/src/store/fixed-address-translator.ts';
import type { Login } from '../../mesh/src/launcher/credentials.ts';
import { cassandraOperatorTls, kafkaOperatorSocket, readTrustBundle } from '../../mesh/src/launcher/operator-sockets.ts';
import { s3Client } from '../../mesh/src/stores/minio.ts';
import { ensureTools } from '../../mesh/src/tools/bootstrap.ts';
import { operatorEndpoints, throughSidecar } from './stack.ts';

/** `caller` is the service whose sidecar carries the connection; 'operator' goes straight to the store. */
export type Caller = 'auth' | 'message' | 'notification' | 'media' | 'operator';

export function postgresClient(login: Login, database: string, caller: Caller): pg.Client {
  const address = caller === 'operator' ? { host: operatorEndpoints.postgresSocketDir, port: operatorEndpoints.postgresPort } : throughSidecar(caller, 'postgres');
  return new pg.Client({ ...address, user: login.user, password: login.password, database, connectionTimeoutMillis: 5000 });
}

/** Connects, runs `work`, always disconnects. */
export async function withPostgres<T>(login: Login, database: string, caller: Caller, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = postgresClient(login, database, caller);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function withRedis<T>(login: Login, caller: Caller, work: (client: Redis) => Promise<T>): Promise<T> {
  const address = caller === 'operator' ? { path: operatorEndpoints.redisSocket } : throughSidecar(caller, 'redis');
  const client = new Redis({ ...address, username: login.user, password: login.password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  await client.connect();
  try {
    return await work(client);
  } finally {
    client.disconnect();
  }
}

export function kafkaClient(login: Login, caller: Caller): Kafka {
  const sidecar = caller === 'operator' ? undefined : throughSidecar(caller, 'kafka');
  return new kafkajs.Kafka({
    clientId: `test-${login.user}`,
    brokers: sidecar ? [`${sidecar.host}:${sidecar.port}`] : operatorEndpoints.kafkaBrokers,
    ...(sidecar ? {} : { socketFactory: kafkaOperatorSocket }),
    sasl: { mechanism: 'scram-sha-512', username: login.user, password: login.password },
    logLevel: kafkajs.logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 200 },
    connectionTimeout: 5000,
  });
}

export async function withCassandra<T>(login: Login, caller: Caller, work: (client: cassandraDriver.Client) => Promise<T>): Promise<T> {
  const sidecar = caller === 'operator' ? undefined : throughSidecar(caller, 'cassandra');
  const operatorTls = sidecar ? {} : { sslOptions: cassandraOperatorTls(await readTrustBundle((await ensureTools(undefined, { quiet: true })).binaries['spire-server']!)) };
  const client = new cassandraDriver.Client({
    contactPoints: [sidecar ? `${sidecar.host}:${sidecar.port}` : operatorEndpoints.cassandra],
    localDataCenter: 'datacenter1',
    authProvider: new cassandraDriver.auth.PlainTextAuthProvider(login.user, login.password),
    socketOptions: { connectTimeout: 5000 },
    ...operatorTls,
    // Through the sidecar the driver must keep using the address it was given, not the node's own.
    ...(sidecar ? { policies: { addressResolution: new FixedAddressTranslator(sidecar.host, sidecar.port) } } : {}),
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.shutdown();
  }
}


export function s3(login: Login, caller: Caller): S3Client {
  const sidecar = caller === 'operator' ? undefined : throughSidecar(caller, 'minio');
  return s3Client(login.user, login.password, sidecar ? `http://${sidecar.host}:${sidecar.port}` : undefined);
}
