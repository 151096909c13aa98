/**
 * Postgres side of bench/mesh-overhead.ts: where auth's runtime role reaches its database
 * directly (the unix socket Postgres listens on, as its own sidecar does) and through auth's
 * sidecar (the plain outbound listener that originates mTLS to Postgres's sidecar).
 */
import { basename, dirname, join } from 'node:path';
import pg from 'pg';
import { readCredentials } from '../../mesh/src/launcher/credentials.ts';
import { stateDir } from '../../mesh/src/paths.ts';
import { storeUpstreamSocket } from '../../mesh/src/mesh/store-upstreams.ts';

export interface PgEndpoint {
  label: string;
  host: string;
  port: number;
}

/** The unix socket Postgres's sidecar forwards to: pg wants its folder as host and the port. */
export function directEndpoint(): PgEndpoint {
  const socket = join(stateDir, storeUpstreamSocket('postgres'));
  const port = Number(/\.s\.PGSQL\.(\d+)$/.exec(basename(socket))?.[1]);
  if (!port) throw new Error(`cannot read the Postgres port from the socket name ${socket}`);
  return { label: socket, host: dirname(socket), port };
}

export function meshedEndpoint(port: number): PgEndpoint {
  return { label: `127.0.0.1:${port}`, host: '127.0.0.1', port };
}

/** Opens `count` connections as auth's runtime role to database auth; closes them all on a failure. */
export async function connectAuthRuntime(endpoint: PgEndpoint, count: number): Promise<pg.Client[]> {
  const login = readCredentials().postgres.runtimes.auth;
  const clients: pg.Client[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const client = new pg.Client({
        host: endpoint.host,
        port: endpoint.port,
        user: login.user,
        password: login.password,
        database: 'auth',
        application_name: 'bench-mesh-overhead',
        connectionTimeoutMillis: 5000,
        query_timeout: 5000,
      });
      // An idle connection dropped by the server must not crash the run; the next query fails instead.
      client.on('error', () => undefined);
      clients.push(client);
      await client.connect();
    }
    return clients;
  } catch (error) {
    await closeAll(clients);
    throw new Error(`cannot connect to Postgres at ${endpoint.label} as ${login.user}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function closeAll(clients: pg.Client[]): Promise<void> {
  await Promise.allSettled(clients.map((client) => client.end()));
}
