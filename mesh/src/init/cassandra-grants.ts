import { generateCredentials } from '../launcher/credentials.ts';
import type { Policy } from '../policy/define-policy.ts';
import { dashHeader } from '../mesh/generated-notice.ts';
import { readInitFile } from './init-file.ts';

export const cassandraGrantsPath = 'init/cassandra-grants.cql';

/** Role names as quoted identifiers: keeps case and cannot collide with CQL keywords. */
export const cqlRoleName = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The keyspace, and who may do what in it: the migration role and each service's role. */
export function cassandraGrantsCql(policy: Policy): string {
  const access = policy.storeAccess.cassandra;
  if (!access) throw new Error('mesh/policy.ts has no storeAccess.cassandra');
  // Only the fixed user names are used; passwords stay in state/secrets.
  const logins = generateCredentials().cassandra;
  const holders: Array<[role: string, permissions: readonly string[]]> = [[logins.migrator.user, access.migrator]];
  for (const [service, permissions] of Object.entries(access.grants)) {
    const login = service === 'admin' || service === 'migrator' ? undefined : logins[service as keyof typeof logins];
    if (!login) throw new Error(`storeAccess.cassandra grants ${service}, which has no Cassandra login`);
    holders.push([login.user, permissions]);
  }
  const lines = [
    '-- The launcher runs this as its superuser at every start, one statement per line. It first creates each role named',
    '-- here (LOGIN, not superuser, password from state/secrets/credentials.json), and afterwards revokes every other',
    '-- permission reaching this keyspace, from every role, and any role membership of these roles.',
    `CREATE KEYSPACE IF NOT EXISTS ${access.keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': ${access.replicationFactor}} AND durable_writes = true;`,
    ...holders.flatMap(([role, permissions]) => permissions.map((permission) => `GRANT ${permission} ON KEYSPACE ${access.keyspace} TO ${cqlRoleName(role)};`)),
  ];
  return `${dashHeader('Cassandra keyspace and grants')}${lines.join('\n')}\n`;
}

export interface CassandraGrants {
  keyspace: string;
  statements: string[];
  /** Role -> the permissions it holds on the keyspace; nothing else may reach the keyspace. */
  grants: Map<string, string[]>;
}

export function parseCassandraGrants(cql: string): CassandraGrants {
  const statements: string[] = [];
  const grants = new Map<string, string[]>();
  let keyspace: string | undefined;
  cql.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('--')) return;
    if (!line.endsWith(';')) throw new Error(`${cassandraGrantsPath}:${index + 1}: expected one statement per line, ending in ;`);
    statements.push(line);
    const created = /^CREATE KEYSPACE IF NOT EXISTS ([a-z_][a-z0-9_]*) /.exec(line);
    if (created) keyspace = created[1];
    const grant = /^GRANT ([A-Z]+) ON KEYSPACE ([a-z_][a-z0-9_]*) TO "((?:[^"]|"")+)";$/.exec(line);
    if (grant) {
      if (grant[2] !== keyspace) throw new Error(`${cassandraGrantsPath}:${index + 1}: grants on ${grant[2]}, not on the keyspace the file creates`);
      const role = grant[3]!.replaceAll('""', '"');
      grants.set(role, [...(grants.get(role) ?? []), grant[1]!]);
    }
  });
  if (!keyspace) throw new Error(`${cassandraGrantsPath} creates no keyspace`);
  return { keyspace, statements, grants };
}

export function readCassandraGrants(): CassandraGrants {
  return parseCassandraGrants(readInitFile(cassandraGrantsPath));
}
