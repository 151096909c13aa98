/** `node --import tsx services/notification/src/migrate.ts`: applies notification's schema with the migrator role. */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { z } from 'zod';
import { loadConfigOrExit } from '@lynk/common/config';
import { runMigrations } from '@lynk/common/store';

const config = loadConfigOrExit({
  POSTGRES_HOST: z.string().default('127.0.0.1').describe('the sidecar address for Postgres'),
  POSTGRES_PORT: z.coerce.number().int().describe("the sidecar's outbound port to Postgres"),
  POSTGRES_DATABASE: z.string().default('notification').describe('database to migrate'),
  POSTGRES_MIGRATOR_USER: z.string().min(1).describe('schema owner role'),
  POSTGRES_MIGRATOR_PASSWORD: z.string().min(1).describe('its password'),
});
const client = new pg.Client({ host: config.POSTGRES_HOST, port: config.POSTGRES_PORT, database: config.POSTGRES_DATABASE, user: config.POSTGRES_MIGRATOR_USER, password: config.POSTGRES_MIGRATOR_PASSWORD });
await client.connect();
try {
  const applied = await runMigrations(client, { dir: fileURLToPath(new URL('./store/migrations', import.meta.url)), schema: 'notification' });
  process.stdout.write(`notification migrations: ${applied.length ? applied.join(', ') : 'up to date'}\n`);
} finally {
  await client.end();
}
