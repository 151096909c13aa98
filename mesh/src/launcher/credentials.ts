import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { statePaths } from '../paths.ts';

export const serviceNames = ['auth', 'message', 'notification', 'media'] as const;
export type ServiceName = (typeof serviceNames)[number];

const login = z.object({ user: z.string(), password: z.string() });
export type Login = z.infer<typeof login>;
const perService = z.object({ auth: login, message: login, notification: login, media: login });

const credentialsSchema = z.object({
  postgres: z.object({
    superuser: login,
    migrators: perService,
    runtimes: perService,
  }),
  redis: z.object({ admin: login, services: perService }),
  kafka: z.object({ clusterId: z.string(), admin: login, controller: login, services: perService }),
  cassandra: z.object({ admin: login, migrator: login, message: login }),
  minio: z.object({ root: login, media: login }),
  /** Application secrets; filled in on load when a state folder predates them. */
  auth: z
    .object({ keyEncryptionKey: z.string(), smsCodePepper: z.string() })
    .default(() => ({ keyEncryptionKey: randomBytes(32).toString('base64'), smsCodePepper: randomBytes(32).toString('base64') })),
});
export type Credentials = z.infer<typeof credentialsSchema>;

/**
 * URL-safe so it can sit in a connection string, a JAAS config or a Redis ACL file unquoted; never
 * starting with '-', which `mc admin user add` reads as a flag (a fresh state failed on it).
 */
function secret(): string {
  const value = randomBytes(24).toString('base64url');
  return value.startsWith('-') ? `x${value.slice(1)}` : value;
}

function servicesLogins(suffix: string): Record<ServiceName, Login> {
  return Object.fromEntries(serviceNames.map((name) => [name, { user: `${name}${suffix}`, password: secret() }])) as Record<
    ServiceName,
    Login
  >;
}

/** Kafka cluster ids are 16 random bytes, base64url without padding (22 chars). */
function kafkaClusterId(): string {
  return Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64url');
}

/** A fresh set: fixed user names, random passwords and cluster id. */
export function generateCredentials(): Credentials {
  return {
    postgres: { superuser: { user: 'lynk_admin', password: secret() }, migrators: servicesLogins('_migrator'), runtimes: servicesLogins('_app') },
    redis: { admin: { user: 'lynk_admin', password: secret() }, services: servicesLogins('') },
    kafka: { clusterId: kafkaClusterId(), admin: { user: 'lynk_admin', password: secret() }, controller: { user: 'controller', password: secret() }, services: servicesLogins('') },
    cassandra: { admin: { user: 'lynk_admin', password: secret() }, migrator: { user: 'lynk_migrator', password: secret() }, message: { user: 'message', password: secret() } },
    minio: { root: { user: 'lynk-root', password: secret() }, media: { user: 'lynk-media', password: secret() } },
    auth: { keyEncryptionKey: randomBytes(32).toString('base64'), smsCodePepper: randomBytes(32).toString('base64') },
  };
}

function save(path: string, credentials: Credentials): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Reads the credentials generated at first init, generating them (mode 0600) when absent. */
export function loadOrCreateCredentials(path = statePaths.credentials): Credentials {
  if (!existsSync(path)) {
    const credentials = generateCredentials();
    save(path, credentials);
    return credentials;
  }
  const stored: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const credentials = credentialsSchema.parse(stored);
  // Secrets added by a later version are generated once and kept from then on.
  if (JSON.stringify(stored) !== JSON.stringify(credentials)) save(path, credentials);
  return credentials;
}

export function readCredentials(path = statePaths.credentials): Credentials {
  return credentialsSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}
