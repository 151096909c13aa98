import { z } from 'zod';

const spiffePath = z.string().regex(/^[a-z0-9/_-]+$/);

const workloadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('edge'), spiffePath, publicPort: z.number().int() }),
  z.object({ kind: z.literal('service'), spiffePath, appPort: z.number().int() }),
  z.object({ kind: z.literal('store'), spiffePath, protocol: z.enum(['tcp', 'http', 'kafka']) }),
]);

const policySchema = z.object({
  trustDomain: z.string().regex(/^[a-z0-9.-]+$/),
  svidTtlSeconds: z.number().int().min(60),
  workloads: z.record(z.string().regex(/^[a-z]+$/), workloadSchema),
  allow: z.array(z.object({ from: z.string(), to: z.string(), paths: z.array(z.string().startsWith('/')).optional() })),
});

export type PolicyInput = z.input<typeof policySchema>;
export type Workload = z.infer<typeof workloadSchema> & { name: string; spiffeId: string; index: number };
export interface Allowance {
  from: Workload;
  to: Workload;
  paths?: string[];
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
  const allow: Allowance[] = data.allow.map((entry) => ({ from: workload(entry.from), to: workload(entry.to), ...(entry.paths ? { paths: entry.paths } : {}) }));
  // Two entries for the same pair merge their paths.
  const merged = new Map<string, Allowance>();
  for (const entry of allow) {
    const key = `${entry.from.name}->${entry.to.name}`;
    const existing = merged.get(key);
    if (!existing) merged.set(key, { ...entry });
    else if (existing.paths && entry.paths) existing.paths = [...existing.paths, ...entry.paths];
    else delete existing.paths;
  }
  for (const entry of merged.values()) {
    if (entry.to.kind === 'edge') throw new Error(`nothing may call the edge through the mesh (${entry.from.name} -> edge)`);
    if (entry.from.kind === 'store') throw new Error(`stores do not call out (${entry.from.name} -> ${entry.to.name})`);
  }
  const allowances = [...merged.values()];
  const kafkaClients = allowances.filter((entry) => entry.to.kind === 'store' && entry.to.protocol === 'kafka').map((entry) => entry.from.name);

  return {
    trustDomain: data.trustDomain,
    svidTtlSeconds: data.svidTtlSeconds,
    workloads,
    allow: allowances,
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
