import { policy } from '../../policy.ts';
import type { Credentials, ServiceName } from '../launcher/credentials.ts';
import { loopback } from '../launcher/ports.ts';
import { messagesKeyspace } from '../stores/cassandra.ts';

/** Where a service reaches each store: its own sidecar's outbound listener, never the store itself. */
function outbound(service: ServiceName, store: string): string {
  return String(policy.outboundPort(policy.workload(service), policy.workload(store)));
}

/** The environment every service gets from the launcher: ports from the policy, logins from the credentials. */
export function serviceEnvironment(service: ServiceName, credentials: Credentials): Record<string, string> {
  const workload = policy.workload(service);
  const targets = new Set(policy.targetsOf(workload).map((allowance) => allowance.to.name));
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    HOST: loopback,
    PORT: String(workload.kind === 'service' ? workload.appPort : 0),
  };
  if (targets.has('postgres')) {
    Object.assign(env, {
      POSTGRES_HOST: loopback,
      POSTGRES_PORT: outbound(service, 'postgres'),
      POSTGRES_DATABASE: service,
      POSTGRES_USER: credentials.postgres.runtimes[service].user,
      POSTGRES_PASSWORD: credentials.postgres.runtimes[service].password,
      POSTGRES_MIGRATOR_USER: credentials.postgres.migrators[service].user,
      POSTGRES_MIGRATOR_PASSWORD: credentials.postgres.migrators[service].password,
    });
  }
  if (targets.has('redis')) {
    Object.assign(env, { REDIS_HOST: loopback, REDIS_PORT: outbound(service, 'redis'), REDIS_USER: credentials.redis.services[service].user, REDIS_PASSWORD: credentials.redis.services[service].password });
  }
  if (targets.has('kafka')) {
    Object.assign(env, { KAFKA_BROKERS: `${loopback}:${outbound(service, 'kafka')}`, KAFKA_USER: credentials.kafka.services[service].user, KAFKA_PASSWORD: credentials.kafka.services[service].password });
  }
  if (targets.has('cassandra')) {
    Object.assign(env, {
      CASSANDRA_HOST: loopback,
      CASSANDRA_PORT: outbound(service, 'cassandra'),
      CASSANDRA_KEYSPACE: messagesKeyspace,
      CASSANDRA_USER: credentials.cassandra.message.user,
      CASSANDRA_PASSWORD: credentials.cassandra.message.password,
      CASSANDRA_MIGRATOR_USER: credentials.cassandra.migrator.user,
      CASSANDRA_MIGRATOR_PASSWORD: credentials.cassandra.migrator.password,
    });
  }
  // Services verify access tokens against auth's JWKS, reached through their own sidecar.
  if (targets.has('auth')) env.JWKS_URL = `http://${loopback}:${outbound(service, 'auth')}/.well-known/jwks.json`;
  if (targets.has('jaeger')) env.OTLP_TRACES_URL = `http://${loopback}:${outbound(service, 'jaeger')}/v1/traces`;
  return env;
}
