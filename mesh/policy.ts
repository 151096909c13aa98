/**
 * Lynk's mesh policy: the single source of truth for workloads, their ports and SPIFFE IDs,
 * and who may reach what. `npm run generate` writes the Envoy configs (envoy/), SPIRE entries
 * (spire/), the Kafka ACLs and database grants init applies (init/), and the compose files.
 * Everything not allowed here is refused: at the mTLS handshake and again per route.
 */
import { definePolicy } from './src/policy/define-policy.ts';

export const policy = definePolicy({
  trustDomain: 'lynk.internal',
  /** Local SVID lifetime, short so tests see rotations; production: 1h SVIDs, 24h+ CA (see README). */
  svidTtlSeconds: 300,

  workloads: {
    edge: { kind: 'edge', spiffePath: 'edge', publicPort: 8443 },
    auth: { kind: 'service', spiffePath: 'service/auth', appPort: 3001 },
    message: { kind: 'service', spiffePath: 'service/message', appPort: 3002 },
    notification: { kind: 'service', spiffePath: 'service/notification', appPort: 3003 },
    media: { kind: 'service', spiffePath: 'service/media', appPort: 3004 },
    postgres: { kind: 'store', spiffePath: 'data/postgres', protocol: 'tcp' },
    redis: { kind: 'store', spiffePath: 'data/redis', protocol: 'tcp' },
    kafka: { kind: 'store', spiffePath: 'data/kafka', protocol: 'kafka' },
    cassandra: { kind: 'store', spiffePath: 'data/cassandra', protocol: 'tcp' },
    minio: { kind: 'store', spiffePath: 'data/minio', protocol: 'http' },
    jaeger: { kind: 'store', spiffePath: 'data/jaeger', protocol: 'http' },
  },

  /** Caller -> target. For HTTP targets, `paths` limits the routes (prefixes); absent means all. */
  allow: [
    { from: 'edge', to: 'auth', paths: ['/api/auth'] },
    { from: 'edge', to: 'message', paths: ['/api/rooms', '/api/messages', '/api/dms', '/socket.io'] },
    { from: 'edge', to: 'notification', paths: ['/api/notifications'] },
    { from: 'edge', to: 'media', paths: ['/api/media'] },

    { from: 'message', to: 'auth', paths: ['/.well-known/jwks.json'] },
    { from: 'notification', to: 'auth', paths: ['/.well-known/jwks.json'] },
    { from: 'media', to: 'auth', paths: ['/.well-known/jwks.json'] },
    { from: 'edge', to: 'auth', paths: ['/.well-known/jwks.json'] },
    { from: 'media', to: 'message', paths: ['/internal/'] },

    { from: 'auth', to: 'postgres' },
    { from: 'message', to: 'postgres' },
    { from: 'notification', to: 'postgres' },
    { from: 'media', to: 'postgres' },
    { from: 'auth', to: 'redis' },
    { from: 'message', to: 'redis' },
    { from: 'notification', to: 'redis' },
    { from: 'auth', to: 'kafka' },
    { from: 'message', to: 'kafka' },
    { from: 'notification', to: 'kafka' },
    { from: 'media', to: 'kafka' },
    { from: 'message', to: 'cassandra' },
    { from: 'media', to: 'minio' },

    { from: 'auth', to: 'jaeger' },
    { from: 'message', to: 'jaeger' },
    { from: 'notification', to: 'jaeger' },
    { from: 'media', to: 'jaeger' },
    { from: 'edge', to: 'jaeger' },
  ],
});
