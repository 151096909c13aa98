import type { Policy, Workload } from '../policy/define-policy.ts';

/**
 * Production networks: `public` carries client traffic to the edge, `bridge` the edge's and the
 * services' calls to services, and `private` (internal: no route out) every call to a store.
 */
export const productionNetworks = ['public', 'bridge', 'private'] as const;
export type ProductionNetwork = (typeof productionNetworks)[number];

/** The networks one workload's namespace joins, derived from what the policy lets it call and be called by. */
export function productionNetworksOf(policy: Policy, workload: Workload): ProductionNetwork[] {
  if (workload.kind === 'store') return ['private'];
  const targets = policy.targetsOf(workload).map((allowance) => allowance.to);
  const networks: ProductionNetwork[] = [];
  if (workload.kind === 'edge') networks.push('public');
  if (targets.some((target) => target.kind === 'service') || policy.callersOf(workload).length > 0) networks.push('bridge');
  // A workload that calls a store (the edge sends traces to Jaeger) needs the private network for it.
  if (targets.some((target) => target.kind === 'store')) networks.push('private');
  return networks;
}
