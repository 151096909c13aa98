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
    message: { kind: 'service', spiffePath: 'service/message', appPort: 3002, instanceSlots: 4 },
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
    // MinIO's sidecar traces the S3 hop; the MinIO server gets no listener to call anything.
    { from: 'minio', to: 'jaeger', paths: ['/v1/traces'], sidecarOnly: true },
  ],

  /**
   * What each service may do inside a store it reaches, on top of the mesh's "may connect at all".
   * `npm run generate` writes init/ from it; the launcher applies init/ at every start and revokes
   * whatever is no longer listed. Every service allowed to reach a store must be granted something.
   */
  storeAccess: {
    /** One database per service, named after it, with one schema of that name: its migration role owns the schema. */
    postgres: {
      databases: ['auth', 'message', 'notification', 'media'],
      /** All the runtime role (the one the service runs as) may do in its own schema: DML, never DDL. */
      runtimePrivileges: { tables: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'], sequences: ['USAGE', 'SELECT'] },
    },

    /** Key and channel globs: `keys` read and write, `readKeys` read only. Commands: all but @dangerous, or only @read. */
    redis: {
      grants: {
        auth: { keys: ['auth:*'], channels: ['auth:*'] },
        // Presence is message's to write and notification's to read; every service reads which sessions auth revoked.
        // The Socket.IO adapter PSUBSCRIBEs `socket.io#/#*`; Redis allows a pattern subscription only to a pattern listed literally.
        message: { keys: ['message:*', 'presence:*', 'socket.io*'], readKeys: ['auth:revoked-session:*'], channels: ['message:*', 'socket.io*', 'socket.io#/#*'] },
        notification: { readKeys: ['presence:*', 'auth:revoked-session:*'], commands: 'read' },
        media: { keys: ['media:*'], readKeys: ['auth:revoked-session:*'], channels: ['media:*'] },
      },
    },

    /** Topics created at init. `produce`: write; `consume`: read; `groups`: consumer groups; a trailing `*` is a prefix. */
    kafka: {
      topics: [
        'user.created',
        'user.updated',
        'user.deleted',
        'message.created',
        'message.updated',
        'message.deleted',
        'message.reaction',
        'message.read',
        'room.created',
        'room.updated',
        'room.deleted',
        'room.member.joined',
        'room.member.left',
        'room.member.updated',
        'room.member.banned',
        'room.member.unbanned',
        'notification.retry',
        'notification.dead-letter',
      ],
      // One node, so one replica; three partitions leave room for a few consumers per group.
      partitions: 3,
      replicationFactor: 1,
      grants: {
        auth: { produce: ['user.*'] },
        message: { produce: ['message.*', 'room.*'], consume: ['user.deleted'], groups: ['message*'] },
        // notification writes only its own retry and dead-letter topics.
        notification: { produce: ['notification.*'], consume: ['message.created', 'message.deleted', 'room.*', 'user.*', 'notification.*'], groups: ['notification*'] },
        media: { consume: ['user.deleted'], groups: ['media*'] },
      },
    },

    /** The migration role changes the keyspace's schema; services get only their grants. */
    cassandra: {
      keyspace: 'lynk_messages',
      replicationFactor: 1,
      migrator: ['CREATE', 'ALTER', 'DROP', 'SELECT', 'MODIFY'],
      grants: { message: ['SELECT', 'MODIFY'] },
    },

    /** The services whose MinIO key may list, read, write and delete objects in the bucket, and nothing else. */
    minio: { bucket: 'lynk-media', readWrite: ['media'] },
  },
});
