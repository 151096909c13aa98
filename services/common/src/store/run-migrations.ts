import { runner } from 'node-pg-migrate';
import type pg from 'pg';

/**
 * Applies a service's SQL migrations (`NNNN_name.sql` with `-- Up Migration`) in order, under an
 * advisory lock so two instances starting at once do not race. Run with the migrator role: the
 * runtime role cannot change the schema.
 */
export async function runMigrations(client: pg.Client, options: { dir: string; schema: string; log?: (message: string) => void }): Promise<string[]> {
  const applied = await runner({
    dbClient: client,
    dir: options.dir,
    schema: options.schema,
    migrationsTable: 'schema_migrations',
    direction: 'up',
    checkOrder: true,
    singleTransaction: true,
    log: options.log ?? (() => undefined),
  });
  return applied.map((migration) => migration.name);
}
