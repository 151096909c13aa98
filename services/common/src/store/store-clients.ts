import cassandraDriver from 'cassandra-driver';
import { Redis } from 'ioredis';
import kafkajs from 'kafkajs';
import pg from 'pg';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';
import { retryFailedControlConnectionRefresh } from './control-connection-guard.ts';
import { FixedAddressTranslator } from './fixed-address-translator.ts';
import type { cassandraConfigShape, kafkaConfigShape, postgresConfigShape, redisConfigShape } from './store-config.ts';

type Shape<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.infer<T[K]> };

/** A pool whose broken idle connections (Postgres restarted, sidecar recycled) are logged and replaced, never fatal. */
export function createPostgresPool(config: Shape<typeof postgresConfigShape>, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    host: config.POSTGRES_HOST,
    port: config.POSTGRES_PORT,
    database: config.POSTGRES_DATABASE,
    user: config.POSTGRES_USER,
    password: config.POSTGRES_PASSWORD,
    max: config.POSTGRES_POOL_SIZE,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) => logger.warn({ err: error }, 'idle Postgres connection lost; the pool reconnects'));
  return pool;
}

/** Reconnects on its own; connection errors are logged, and readiness reports Redis as down meanwhile. */
export function createRedisClient(config: Shape<typeof redisConfigShape>, logger: Logger): Redis {
  const redis = new Redis({
    host: config.REDIS_HOST,
    port: config.REDIS_PORT,
    username: config.REDIS_USER,
    password: config.REDIS_PASSWORD,
    connectTimeout: 5000,
    // Fail fast while Redis is away instead of queueing requests without bound.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
  });
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'Redis connection error; reconnecting'));
  return redis;
}

export function createKafka(config: Shape<typeof kafkaConfigShape>, clientId: string): kafkajs.Kafka {
  return new kafkajs.Kafka({
    clientId,
    brokers: config.KAFKA_BROKERS.split(','),
    sasl: { mechanism: 'scram-sha-512', username: config.KAFKA_USER, password: config.KAFKA_PASSWORD },
    logLevel: kafkajs.logLevel.WARN,
    connectionTimeout: 5000,
    retry: { retries: 8, initialRetryTime: 200 },
  });
}

/**
 * A Cassandra session through the service's sidecar. Requests time out well inside the 2 s a chat
 * sender waits for its acknowledgement, so a slow node gives an error, never a late false success.
 */
export function createCassandraClient(config: Shape<typeof cassandraConfigShape>, options: { readTimeoutMs?: number; login?: { user: string; password: string } } = {}): cassandraDriver.Client {
  const login = options.login ?? { user: config.CASSANDRA_USER, password: config.CASSANDRA_PASSWORD };
  const client = new cassandraDriver.Client({
    contactPoints: [`${config.CASSANDRA_HOST}:${config.CASSANDRA_PORT}`],
    localDataCenter: config.CASSANDRA_LOCAL_DC,
    keyspace: config.CASSANDRA_KEYSPACE,
    authProvider: new cassandraDriver.auth.PlainTextAuthProvider(login.user, login.password),
    socketOptions: { connectTimeout: 5000, readTimeout: options.readTimeoutMs ?? 1500 },
    policies: {
      addressResolution: new FixedAddressTranslator(config.CASSANDRA_HOST, config.CASSANDRA_PORT),
      // One node: retrying elsewhere is pointless and would only push the answer past the deadline.
      retry: new cassandraDriver.policies.retry.FallthroughRetryPolicy(),
      reconnection: new cassandraDriver.policies.reconnection.ConstantReconnectionPolicy(1000),
    },
    queryOptions: { consistency: cassandraDriver.types.consistencies.localQuorum, prepare: true },
  });
  retryFailedControlConnectionRefresh(client);
  return client;
}
