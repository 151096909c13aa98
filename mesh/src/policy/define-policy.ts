import { z } from 'zod';

const spiffePath = z.string().regex(/^[a-z0-9/_-]+$/);
const cassandraPermissions = ['CREATE', 'ALTER', 'DROP', 'SELECT', 'MODIFY', 'AUTHORIZE', 'DESCRIBE', 'EXECUTE'] as const;

const workloadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('edge'), spiffePath, publicPort: z.number().int() }),
  z.object({
    kind: z.literal('service'),
    spiffePath,
    appPort: z.number().int(),
    /** Local instances its sidecar balances over; instance k (from 0) listens at appPort + 100·k. The launcher starts as many as asked, up to this. */
    instanceSlots: z.number().int().min(1).max(8).default(1),
  }),
  z.object({ kind: z.literal('store'), spiffePath, protocol: z.enum(['tcp', 'http', 'kafka']) }),
]);

const serviceName = z.string().regex(/^[a-z]+$/);
const sqlIdentifier = z.string().regex(/^[a-z_][a-z0-9_]*$/);
/** A Kafka topic or group name; a trailing `*` makes it a prefix. */
const kafkaPattern = z.string().regex(/^[a-z0-9._-]+\*?$/);
/** A Redis glob over key or channel names; spaces would split the ACL rule. */
const redisGlob = z.string().regex(/^[^\s]+$/);

const storeAccessSchema = z
  .object({
    postgres: z
      .object({
        databases: z.array(sqlIdentifier),
        runtimePrivileges: z.object({
          tables: z.array(z.enum(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'])),
          sequences: z.array(z.enum(['USAGE', 'SELECT', 'UPDATE'])),
        }),
      })
      .optional(),
    redis: z
      .object({
        grants: z.record(
          serviceName,
          z.object({
            keys: z.array(redisGlob).default([]),
            readKeys: z.array(redisGlob).default([]),
            channels: z.array(redisGlob).default([]),
            commands: z.enum(['all', 'read']).default('all'),
          }),
        ),
      })
      .optional(),
    kafka: z
      .object({
        topics: z.array(z.string().regex(/^[a-z0-9._-]+$/)).min(1),
        partitions: z.number().int().min(1),
        replicationFactor: z.number().int().min(1),
        grants: z.record(
          serviceName,
          z.object({ produce: z.array(kafkaPattern).default([]), consume: z.array(kafkaPattern).default([]), groups: z.array(kafkaPattern).default([]) }),
        ),
      })
      .optional(),
    cassandra: z
      .object({
        keyspace: sqlIdentifier,
        replicationFactor: z.number().int().min(1),
        migrator: z.array(z.enum(cassandraPermissions)),
        grants: z.record(serviceName, z.array(z.enum(cassandraPermissions))),
      })
      .optional(),
    minio: z.object({ bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/), readWrite: z.array(serviceName) }).optional(),
  })
  .default({});

const policySchema = z.object({
  trustDomain: z.string().regex(/^[a-z0-9.-]+$/),
  svidTtlSeconds: z.number().int().min(60),
  workloads: z.record(z.string().regex(/^[a-z]+$/), workloadSchema),
  allow: z.array(z.object({ from: z.string(), to: z.string(), paths: z.array(z.string().startsWith('/')).optional(), sidecarOnly: z.boolean().optional() })),
  storeAccess: storeAccessSchema,
});

export type PolicyInput = z.input<typeof policySchema>;
/** What each service may do inside the stores it reaches; init/ is generated from it. */
export type StoreAccess = z.infer<typeof storeAccessSchema>;
export type Workload = z.infer<typeof workloadSchema> & { name: string; spiffeId: string; index: number };
export interface Allowance {
  from: Workload;
  to: Workload;
  paths?: string[];
  /** Only the caller's sidecar itself (its tracer) uses this: no outbound listener for the workload behind it. */
  sidecarOnly?: boolean;
}

/** Port plan, derived from the order of workloads so it never needs editing by hand. */
export const portBases = {
  /** mTLS inbound listener of a workload's sidecar; Kafka adds one per client after it. */
  inbound: 20000,
  /** Envoy admin, loopback only. */
  admin: 21000,
  /** Plain listener on the caller's own sidecar, one per allowed target. */
  outbound: 22000,
} as const;

export interface Policy {
  trustDomain: string;
  svidTtlSeconds: number;
  workloads: Workload[];
  allow: Allowance[];
  storeAccess: StoreAccess;
  workload(name: string): Workload;
  inboundPort(workload: Workload): number;
  adminPort(workload: Workload): number;
  outboundPort(from: Workload, to: Workload): number;
  /** Kafka: the mTLS listener on Kafka's sidecar dedicated to one client workload. */
  kafkaInboundPort(client: Workload): number;
  callersOf(target: Workload): Allowance[];
  targetsOf(caller: Workload): Allowance[];
}

/** Validates the policy and answers questions about it; a bad entry stops with its path. */
export function definePolicy(input: PolicyInput): Policy {
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`mesh policy is invalid at ${issue.path.join('.')}: ${issue.message}`);
  }
  const data = parsed.data;
  const workloads: Workload[] = Object.entries(data.workloads).map(([name, workload], index) => ({
    ...workload,
    name,
    index,
    spiffeId: `spiffe://${data.trustDomain}/${workload.spiffePath}`,
  }));
  const workload = (name: string): Workload => {
    const found = workloads.find((entry) => entry.name === name);
    if (!found) throw new Error(`mesh policy names unknown workload ${name}`);
    return found;
  };
  const allow: Allowance[] = data.allow.map((entry) => ({
    from: workload(entry.from),
    to: workload(entry.to),
    ...(entry.paths ? { paths: entry.paths } : {}),
    ...(entry.sidecarOnly ? { sidecarOnly: true } : {}),
  }));
  // Two entries for the same pair merge their paths.
  const merged = new Map<string, Allowance>();
  for (const entry of allow) {
    const key = `${entry.from.name}->${entry.to.name}`;
    const existing = merged.get(key);
    if (!existing) merged.set(key, { ...entry });
    else if (existing.sidecarOnly !== entry.sidecarOnly) throw new Error(`${key} is listed both as sidecar-only and not`);
    else if (existing.paths && entry.paths) existing.paths = [...existing.paths, ...entry.paths];
    else delete existing.paths;
  }
  for (const entry of merged.values()) {
    if (entry.to.kind === 'edge') throw new Error(`nothing may call the edge through the mesh (${entry.from.name} -> edge)`);
    // A store's sidecar may export its own spans; the store itself never gets a way out.
    if (entry.from.kind === 'store' && !entry.sidecarOnly) throw new Error(`stores do not call out (${entry.from.name} -> ${entry.to.name})`);
  }
  const allowances = [...merged.values()];
  checkStoreAccess(data.storeAccess, workload, allowances);
  const kafkaClients = allowances.filter((entry) => entry.to.kind === 'store' && entry.to.protocol === 'kafka').map((entry) => entry.from.name);

  return {
    trustDomain: data.trustDomain,
    svidTtlSeconds: data.svidTtlSeconds,
    workloads,
    allow: allowances,
    storeAccess: data.storeAccess,
    workload,
    inboundPort: (target) => portBases.inbound + target.index * 10,
    adminPort: (target) => portBases.admin + target.index,
    outboundPort: (from, to) => portBases.outbound + from.index * 20 + to.index,
    kafkaInboundPort: (client) => {
      const position = kafkaClients.indexOf(client.name);
      if (position < 0) throw new Error(`${client.name} may not reach Kafka`);
      const kafka = workloads.find((entry) => entry.kind === 'store' && entry.protocol === 'kafka')!;
      return portBases.inbound + kafka.index * 10 + 1 + position;
    },
    callersOf: (target) => allowances.filter((entry) => entry.to.name === target.name),
    targetsOf: (caller) => allowances.filter((entry) => entry.from.name === caller.name),
  };
}

/** Does a Kafka pattern from the policy (`user.*` a prefix, else a literal name) cover `name`? */
export function kafkaPatternCovers(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

/**
 * Store grants name services that exist, and every service the policy lets reach a store gets
 * grants there (without them its login would be refused anyway, which is a policy mistake).
 */
function checkStoreAccess(access: StoreAccess, workload: (name: string) => Workload, allowances: Allowance[]): void {
  const granted: Record<string, string[]> = {
    postgres: access.postgres?.databases ?? [],
    redis: Object.keys(access.redis?.grants ?? {}),
    kafka: Object.keys(access.kafka?.grants ?? {}),
    cassandra: Object.keys(access.cassandra?.grants ?? {}),
    minio: access.minio?.readWrite ?? [],
  };
  for (const [store, services] of Object.entries(granted)) {
    for (const service of services) {
      if (workload(service).kind !== 'service') throw new Error(`storeAccess.${store} names ${service}, which is not a service`);
    }
    if (!access[store as keyof StoreAccess]) continue;
    for (const allowance of allowances) {
      if (allowance.to.name === store && allowance.from.kind === 'service' && !services.includes(allowance.from.name)) {
        throw new Error(`${allowance.from.name} may reach ${store} but storeAccess.${store} grants it nothing`);
      }
    }
  }
  const kafka = access.kafka;
  for (const [service, grant] of Object.entries(kafka?.grants ?? {})) {
    for (const pattern of [...grant.produce, ...grant.consume]) {
      if (!kafka!.topics.some((topic) => kafkaPatternCovers(pattern, topic))) {
        throw new Error(`storeAccess.kafka.grants.${service} names ${pattern}, which matches no topic in storeAccess.kafka.topics`);
      }
    }
  }
}
