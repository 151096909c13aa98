import { basename } from 'node:path';
import type { Credentials } from '../launcher/credentials.ts';
import { storePorts } from '../launcher/ports.ts';
import { storeUpstreams } from '../mesh/store-upstreams.ts';
import { cassandraYaml } from '../stores/cassandra.ts';
import { jaegerConfig } from '../stores/jaeger.ts';
import { kafkaServerProperties } from '../stores/kafka.ts';
import { pgHba } from '../stores/postgres.ts';
import { redisConf } from '../stores/redis.ts';
import { redisUsersTemplate, renderRedisUsers } from '../init/redis-users-template.ts';
import type { Policy } from '../policy/define-policy.ts';
import type { ComposeImages } from './compose-images.ts';
import type { ServiceWithConfigs } from './compose-model.ts';
import { storeSocketVolume } from './mesh-services.ts';

/** The native module's "generated at every start" line would be wrong inside a compose file. */
function fromModule(content: string, module: string): string {
  return content.replace(/^# Generated .*\n/, `# From ${module}, rendered into the compose file.\n`);
}

function unixSocketOf(store: string): string {
  const upstream = storeUpstreams[store];
  if (!upstream || !('unixSocket' in upstream)) throw new Error(`${store} has no unix socket upstream`);
  return upstream.unixSocket;
}

/**
 * One store's container. Each listens only on loopback or a unix socket of its own namespace
 * (shared with its sidecar), at the same ports and socket names as natively, so the sidecar
 * configs' local clusters are identical in both modes. Config files come from the same builders
 * in mesh/src/stores as natively; secrets in them are compose variables filled in at `up`.
 */
export function storeService(policy: Policy, store: string, images: ComposeImages, credentials: Credentials): ServiceWithConfigs {
  const restart = 'unless-stopped';
  switch (store) {
    case 'postgres': {
      const socket = unixSocketOf('postgres');
      if (basename(socket) !== `.s.PGSQL.${storePorts.postgres}`) throw new Error(`postgres socket ${socket} does not match port ${storePorts.postgres}`);
      return {
        service: {
          image: images.postgres,
          // listen_addresses='' : no TCP at all, the socket (shared with the sidecar) is the only way in.
          command: ['postgres', '-c', 'listen_addresses=', '-c', 'hba_file=/etc/lynk/pg_hba.conf', '-c', 'password_encryption=scram-sha-256', '-c', 'log_connections=on'],
          environment: {
            // The socket is named after the port: .s.PGSQL.<PGPORT>, as the sidecar expects.
            PGPORT: String(storePorts.postgres),
            POSTGRES_USER: credentials.postgres.superuser.user,
            POSTGRES_PASSWORD: credentials.postgres.superuser.password,
            POSTGRES_INITDB_ARGS: '--auth=scram-sha-256',
          },
          volumes: ['postgres-data:/var/lib/postgresql/data', `${storeSocketVolume('postgres')}:/var/run/postgresql`],
          configs: [{ source: 'postgres-hba', target: '/etc/lynk/pg_hba.conf' }],
          restart,
        },
        configs: { 'postgres-hba': { content: fromModule(pgHba, 'mesh/src/stores/postgres.ts') } },
      };
    }
    case 'redis': {
      // The image hands everything under /data to the redis user at start, the socket folder included.
      const socketDir = '/data/socket';
      // Open to the sidecar's envoy user; the socket's volume is mounted only by Redis and its sidecar.
      const conf = redisConf({ socket: `${socketDir}/${basename(unixSocketOf('redis'))}`, socketPermissions: '777', dataDir: '/data', aclFile: '/etc/lynk/users.acl' });
      return {
        service: {
          image: images.redis,
          command: ['redis-server', '/etc/lynk/redis.conf'],
          volumes: ['redis-data:/data', `${storeSocketVolume('redis')}:${socketDir}`],
          configs: [
            { source: 'redis-conf', target: '/etc/lynk/redis.conf' },
            { source: 'redis-acl', target: '/etc/lynk/users.acl' },
          ],
          restart,
        },
        configs: {
          'redis-conf': { content: fromModule(conf, 'mesh/src/stores/redis.ts') },
          // init/redis-users.acl with clear-text `>password` rules: compose fills them in from the environment; Redis hashes them when it loads the file.
          'redis-acl': { content: renderRedisUsers(redisUsersTemplate(policy), credentials.redis, (password) => `>${password}`) },
        },
      };
    }
    case 'kafka': {
      const logDir = '/var/lib/kafka/data/kraft-logs';
      const { admin, services, clusterId } = credentials.kafka;
      const scram = [admin, ...Object.values(services)].map((login) => `--add-scram 'SCRAM-SHA-512=[name=${login.user},password=${login.password}]'`).join(' ');
      // SCRAM users are created only by the format (as natively); a formatted volume starts as it is.
      const format = `/opt/kafka/bin/kafka-storage.sh format -t '${clusterId}' -c /etc/lynk/server.properties ${scram}`;
      const start = `test -f ${logDir}/meta.properties || ${format} || exit 1; exec /opt/kafka/bin/kafka-server-start.sh /etc/lynk/server.properties`;
      return {
        service: {
          image: images.kafka,
          command: ['sh', '-c', start],
          environment: { KAFKA_HEAP_OPTS: '-Xms512m -Xmx512m' },
          volumes: ['kafka-data:/var/lib/kafka/data'],
          configs: [{ source: 'kafka-server-properties', target: '/etc/lynk/server.properties' }],
          restart,
        },
        configs: { 'kafka-server-properties': { content: fromModule(kafkaServerProperties(credentials.kafka, logDir), 'mesh/src/stores/kafka.ts') } },
      };
    }
    case 'cassandra':
      return {
        service: {
          image: images.cassandra,
          command: ['cassandra', '-f', '-Dcassandra.config=file:///etc/lynk/cassandra.yaml'],
          environment: { MAX_HEAP_SIZE: '1G', HEAP_NEWSIZE: '256M' },
          volumes: ['cassandra-data:/var/lib/cassandra'],
          configs: [{ source: 'cassandra-yaml', target: '/etc/lynk/cassandra.yaml' }],
          restart,
        },
        configs: { 'cassandra-yaml': { content: fromModule(cassandraYaml('/var/lib/cassandra'), 'mesh/src/stores/cassandra.ts') } },
      };
    case 'minio':
      return {
        service: {
          image: images.minio,
          command: ['server', '/data', '--address', `127.0.0.1:${storePorts.minio}`, '--console-address', `127.0.0.1:${storePorts.minioConsole}`, '--quiet'],
          environment: { MINIO_ROOT_USER: credentials.minio.root.user, MINIO_ROOT_PASSWORD: credentials.minio.root.password },
          volumes: ['minio-data:/data'],
          restart,
        },
      };
    case 'jaeger':
      return {
        service: {
          image: images.jaeger,
          command: ['--config', '/etc/lynk/jaeger.yaml'],
          // Jaeger would otherwise trace itself to the default OTLP port.
          environment: { OTEL_TRACES_EXPORTER: 'none' },
          configs: [{ source: 'jaeger-config', target: '/etc/lynk/jaeger.yaml' }],
          restart,
        },
        configs: { 'jaeger-config': { content: fromModule(jaegerConfig(), 'mesh/src/stores/jaeger.ts') } },
      };
    default:
      throw new Error(`no compose container defined for store ${store}; add one to mesh/src/compose/store-services.ts`);
  }
}

/** Named volumes a store uses: its data, and its socket folder when it has one. */
export function storeVolumes(store: string): string[] {
  const upstream = storeUpstreams[store];
  const socket = upstream && 'unixSocket' in upstream ? [storeSocketVolume(store)] : [];
  return [...(store === 'jaeger' ? [] : [`${store}-data`]), ...socket];
}
