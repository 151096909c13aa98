/**
 * `node --import tsx services/message/src/migrate.ts`: applies the message service's Postgres
 * schema and its Cassandra tables, each with its migrator role.
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { z } from 'zod';
import { loadConfigOrExit } from '@lynk/common/config';
import { createCassandraClient, runMigrations } from '@lynk/common/store';
import { messagesSchema } from './store/cql/messages-schema.ts';

const config = loadConfigOrExit({
  POSTGRES_HOST: z.string().default('127.0.0.1').describe('the sidecar address for Postgres'),
  POSTGRES_PORT: z.coerce.number().int().describe("the sidecar's outbound port to Postgres"),
  POSTGRES_DATABASE: z.string().default('message').describe('database to migrate'),
  POSTGRES_MIGRATOR_USER: z.string().min(1).describe('schema owner role'),
  POSTGRES_MIGRATOR_PASSWORD: z.string().min(1).describe('its password'),
  CASSANDRA_HOST: z.string().default('127.0.0.1').describe('the sidecar address for Cassandra'),
  CASSANDRA_PORT: z.coerce.number().int().describe("the sidecar's outbound port to Cassandra"),
  CASSANDRA_KEYSPACE: z.string().min(1).describe('keyspace holding the message tables'),
  CASSANDRA_LOCAL_DC: z.string().default('datacenter1').describe('local data centre'),
  CASSANDRA_MIGRATOR_USER: z.string().min(1).describe('role allowed to change the keyspace schema'),
  CASSANDRA_MIGRATOR_PASSWORD: z.string().min(1).describe('its password'),
});

const client = new pg.Client({ host: config.POSTGRES_HOST, port: config.POSTGRES_PORT, database: config.POSTGRES_DATABASE, user: config.POSTGRES_MIGRATOR_USER, password: config.POSTGRES_MIGRATOR_PASSWORD });
await client.connect();
try {
  const applied = await runMigrations(client, { dir: fileURLToPath(new URL('./store/migrations', import.meta.url)), schema: 'message' });
  process.stdout.write(`message Postgres migrations: ${applied.length ? applied.join(', ') : 'up to date'}\n`);
} finally {
  await client.end();
}

const cassandra = createCassandraClient(
  { ...config, CASSANDRA_USER: config.CASSANDRA_MIGRATOR_USER, CASSANDRA_PASSWORD: config.CASSANDRA_MIGRATOR_PASSWORD },
  { readTimeoutMs: 30_000 },
);
await cassandra.connect();
try {
  for (const statement of messagesSchema) await cassandra.execute(statement, [], { prepare: false });
  process.stdout.write(`message Cassandra tables: ${messagesSchema.length} statements applied\n`);
} finally {
  await cassandra.shutdown();
}
