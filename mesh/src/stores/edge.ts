import { lstatSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ensureLocalCa, localCaPaths } from '../../../init/local-ca.ts';
import { policy } from '../../policy.ts';
import type { ManagedProcess } from '../launcher/managed-process.ts';
import { ensureSidecarBinary } from '../mesh/registration-entries.ts';
import { stateDir } from '../paths.ts';
import { envoyCommand, envoyIsReady } from './sidecar.ts';

const edgeWorkload = policy.workloads.find((workload) => workload.kind === 'edge');
if (!edgeWorkload || edgeWorkload.kind !== 'edge') throw new Error('the mesh policy has no edge workload');
const workload = edgeWorkload;

/** Where the edge's config finds the public certificate: `certs/` under its working directory. */
export const stateCertsLink = join(stateDir, 'certs');

/**
 * The edge runs in the state folder like every sidecar (the SPIRE socket is `run/spire/agent.sock`
 * there, wherever LYNK_STATE_DIR points) and reads `certs/edge.crt`; this link makes that the
 * repo's `certs/`, which init/local-ca.ts fills.
 */
export function linkCertsIntoState(target = localCaPaths().dir): void {
  try {
    const existing = lstatSync(stateCertsLink);
    if (existing.isSymbolicLink() && readlinkSync(stateCertsLink) === target) return;
    if (existing.isDirectory()) throw new Error(`${stateCertsLink} is a folder; the edge expects a link to ${target} there (move the folder away)`);
    rmSync(stateCertsLink, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  symlinkSync(target, stateCertsLink, 'dir');
}

/** Admin /ready answers 200 and the edge holds its own SVID (without it no service is reachable). */
export const edgeIsReady = (): Promise<void> => envoyIsReady(workload);

/** The public HTTPS/WSS entry: Envoy only, config envoy/edge.yaml (mesh/src/mesh/edge-config.ts). */
export const edge: ManagedProcess = {
  name: 'edge',
  ports: [workload.publicPort, policy.adminPort(workload)],
  startTimeoutMs: 60_000,
  dependsOn: ['spire-agent'],

  async prepare(context) {
    const ca = ensureLocalCa();
    if (ca.issued !== 'none') context.log(`edge: issued ${ca.issued === 'edge' ? 'a new edge certificate' : 'a new local CA and edge certificate'} (${ca.reason}); trust ${ca.caCert}`);
    linkCertsIntoState(ca.dir);
    // Its own hard link of the Envoy binary is how SPIRE tells the edge from the sidecars.
    ensureSidecarBinary(context.tools.binaries.envoy!, workload.name);
  },

  // Two workers: the edge terminates every client's TLS. Rate-limit buckets are shared across workers.
  command: () => envoyCommand(workload, 2),

  probe: edgeIsReady,

  async provision() {},
};
