import { generateCredentials } from '../launcher/credentials.ts';
import type { Policy } from '../policy/define-policy.ts';
import { dashHeader } from '../mesh/generated-notice.ts';
import { readInitFile } from './init-file.ts';

export const postgresGrantsPath = 'init/postgres-grants.sql';

export function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier ${name}`);
  return `"${name}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Roles, databases and grants as SQL the launcher runs as the superuser (psql -f runs it too).
 * Each database's grants are revoked and granted again in one transaction, so a privilege the
 * policy no longer lists disappears and none is ever briefly missing.
 */
export function postgresGrantsSql(policy: Policy): string {
  const access = policy.storeAccess.postgres;
  if (!access) throw new Error('mesh/policy.ts has no storeAccess.postgres');
  // Only the fixed user names are used; passwords stay in state/secrets.
  const { migrators, runtimes } = generateCredentials().postgres;
  const roles = access.databases.map((service) => {
    const migrator = migrators[service as keyof typeof migrators]?.user;
    const runtime = runtimes[service as keyof typeof runtimes]?.user;
    if (!migrator || !runtime) throw new Error(`storeAccess.postgres lists ${service}, which has no Postgres logins`);
    return { database: service, owner: quoteIdentifier(migrator), app: quoteIdentifier(runtime), ownerName: migrator, appName: runtime };
  });
  const everyRole = roles.flatMap((role) => [role.owner, role.app]);
  const { tables, sequences } = access.runtimePrivileges;
  const lines: string[] = [
    "-- The launcher runs this as the superuser at every start; psql -f runs it too. `\\connect` switches database,",
    '-- `\\gexec` runs the statement its query returns. No passwords here: the launcher then sets each role\'s',
    '-- from state/secrets/credentials.json. Grants are revoked and granted again in one transaction, so what is',
    '-- no longer listed disappears and nothing is briefly missing.',
    '',
    '\\connect postgres',
    '',
    '-- Roles log in and nothing more: per service a migration role that owns its schema and a runtime role.',
  ];
  for (const role of roles) {
    for (const name of [role.ownerName, role.appName]) {
      lines.push(`DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${quoteLiteral(name)}) THEN CREATE ROLE ${quoteIdentifier(name)}; END IF; END$$;`);
      lines.push(`ALTER ROLE ${quoteIdentifier(name)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;`);
    }
  }
  for (const { database, owner, app, ownerName, appName } of roles) {
    const db = quoteIdentifier(database);
    lines.push(
      '',
      `-- Database ${database}: only ${ownerName} (its owner) and ${appName} may connect.`,
      `SELECT ${quoteLiteral(`CREATE DATABASE ${db} OWNER ${owner}`)} WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = ${quoteLiteral(database)})\\gexec`,
      'BEGIN;',
      `REVOKE ALL ON DATABASE ${db} FROM ${['PUBLIC', ...everyRole.filter((role) => role !== owner)].join(', ')};`,
      `GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${app};`,
      `GRANT ALL ON DATABASE ${db} TO ${owner};`,
      `ALTER ROLE ${app} IN DATABASE ${db} SET search_path = ${db};`,
      `ALTER ROLE ${owner} IN DATABASE ${db} SET search_path = ${db};`,
      'COMMIT;',
    );
  }
  for (const { database, owner, app, appName } of roles) {
    const schema = quoteIdentifier(database);
    const defaults = `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema}`;
    lines.push(
      '',
      `\\connect ${database}`,
      `-- Schema ${database}: ${appName} may use it, never create in it; tables: ${tables.join(', ') || 'nothing'}; sequences: ${sequences.join(', ') || 'nothing'}.`,
      'BEGIN;',
      'REVOKE ALL ON SCHEMA public FROM PUBLIC;',
      `CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${owner};`,
      `REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC, ${app};`,
      `GRANT USAGE ON SCHEMA ${schema} TO ${app};`,
      `REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${app};`,
      ...(tables.length > 0 ? [`GRANT ${tables.join(', ')} ON ALL TABLES IN SCHEMA ${schema} TO ${app};`] : []),
      `REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${app};`,
      ...(sequences.length > 0 ? [`GRANT ${sequences.join(', ')} ON ALL SEQUENCES IN SCHEMA ${schema} TO ${app};`] : []),
      `${defaults} REVOKE ALL ON TABLES FROM ${app};`,
      ...(tables.length > 0 ? [`${defaults} GRANT ${tables.join(', ')} ON TABLES TO ${app};`] : []),
      `${defaults} REVOKE ALL ON SEQUENCES FROM ${app};`,
      ...(sequences.length > 0 ? [`${defaults} GRANT ${sequences.join(', ')} ON SEQUENCES TO ${app};`] : []),
      'COMMIT;',
    );
  }
  return `${dashHeader('Postgres roles, databases and grants')}${lines.join('\n')}\n`;
}

/** One step of the file: a statement, or (gexec) a query whose every returned value is a statement to run. */
export interface PostgresStep {
  sql: string;
  gexec: boolean;
}

/** The statements to run while connected to one database. */
export interface PostgresSection {
  database: string;
  steps: PostgresStep[];
}

export interface PostgresGrants {
  sections: PostgresSection[];
  /** Roles the file creates; the launcher sets their passwords. */
  roles: string[];
}

/** Reads the subset of psql the generator writes: one statement per line, `\connect` and `\gexec`. */
export function parsePostgresGrants(sql: string): PostgresGrants {
  const sections: PostgresSection[] = [];
  const roles: string[] = [];
  sql.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('--')) return;
    const connect = /^\\connect ([a-z_][a-z0-9_]*)$/.exec(line);
    if (connect) {
      sections.push({ database: connect[1]!, steps: [] });
      return;
    }
    const section = sections.at(-1);
    if (!section) throw new Error(`${postgresGrantsPath}:${index + 1}: a statement before the first \\connect`);
    if (line.endsWith('\\gexec')) section.steps.push({ sql: line.slice(0, -'\\gexec'.length), gexec: true });
    else if (line.endsWith(';')) section.steps.push({ sql: line, gexec: false });
    else throw new Error(`${postgresGrantsPath}:${index + 1}: expected one statement per line, ending in ; or \\gexec`);
    const role = /CREATE ROLE "([a-z_][a-z0-9_]*)"/.exec(line);
    if (role) roles.push(role[1]!);
  });
  return { sections, roles };
}

export function readPostgresGrants(): PostgresGrants {
  return parsePostgresGrants(readInitFile(postgresGrantsPath));
}
