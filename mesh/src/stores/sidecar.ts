import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { policy } from '../../policy.ts';
import { envoyAdminGet } from '../launcher/envoy-admin.ts';
import type { LaunchCommand, ManagedProcess } from '../launcher/managed-process.ts';
import { enterPrivateNetwork, holderName } from '../launcher/private-network-holder.ts';
import { hasPrivateNetwork, privateNetworkSocketDirs } from '../mesh/private-network.ts';
import { ensureSidecarBinary } from '../mesh/registration-entries.ts';
import { sidecarBinaryPath } from '../mesh/spiffe.ts';
import type { Workload } from '../policy/define-policy.ts';
import { repoRoot, stateDir } from '../paths.ts';

/** Loopback ports a sidecar binds; one in a store's private network binds only unix sockets on the host's side. */
function listenerPorts(workload: Workload): number[] {
  if (hasPrivateNetwork(workload)) return [];
  const ports = [policy.adminPort(workload)];
  if (policy.callersOf(workload).length > 0) ports.push(policy.inboundPort(workload));
  ports.push(...policy.targetsOf(workload).filter((allowance) => !allowance.sidecarOnly).map((allowance) => policy.outboundPort(workload, allowance.to)));
  return ports;
}

interface CertsAnswer {
  certificates: Array<{ cert_chain: Array<{ subject_alt_names: Array<{ uri?: string }>; serial_number: string; valid_from: string; expiration_time: string }> }>;
}

/** URI SANs and serials of the certificates an Envoy currently serves, from its admin API. */
export async function sidecarCertificates(workload: Workload): Promise<Array<{ uri: string; serial: string; validFrom: Date; expires: Date }>> {
  const answer = JSON.parse((await envoyAdminGet(workload, '/certs')).body) as CertsAnswer;
  return answer.certificates.flatMap((entry) =>
    entry.cert_chain.flatMap((cert) =>
      cert.subject_alt_names
        .filter((san) => san.uri)
        .map((san) => ({ uri: san.uri!, serial: cert.serial_number, validFrom: new Date(cert.valid_from), expires: new Date(cert.expiration_time) })),
    ),
  );
}

/** Runs Envoy from the workload's own hard link, in the state folder (generated configs name sockets relative to it). */
export function envoyCommand(workload: Workload, concurrency: number): LaunchCommand {
  return {
    command: sidecarBinaryPath(workload.name),
    args: ['-c', join(repoRoot, 'envoy', `${workload.name}.yaml`), '--disable-hot-restart', '--concurrency', String(concurrency), '--log-level', 'warn', '--drain-time-s', '5'],
    cwd: stateDir,
  };
}

/** Admin /ready answers 200 and the Envoy holds its own SVID (without it nothing it fronts is reachable). */
export async function envoyIsReady(workload: Workload): Promise<void> {
  const ready = await envoyAdminGet(workload, '/ready');
  if (ready.status !== 200) throw new Error(`envoy not live yet (${ready.status})`);
  const certificates = await sidecarCertificates(workload);
  if (!certificates.some((certificate) => certificate.uri === workload.spiffeId)) throw new Error(`no SVID for ${workload.spiffeId} yet`);
}

/**
 * One workload's Envoy sidecar, run from its own hard link so SPIRE can tell it apart. A store's
 * sidecar in a private network runs in there with the store; SPIRE still attests it by that path,
 * since only the network namespace differs (same pid namespace, same files).
 */
export function sidecar(workload: Workload): ManagedProcess {
  const privateNetwork = hasPrivateNetwork(workload);
  return {
    name: `sidecar-${workload.name}`,
    ports: listenerPorts(workload),
    ...(privateNetwork ? { listens: "store's namespace, unix sockets" } : {}),
    startTimeoutMs: 60_000,
    dependsOn: privateNetwork ? ['spire-agent', holderName(workload.name)] : ['spire-agent'],
    ...(privateNetwork ? { restartsWith: [holderName(workload.name)] } : {}),

    async prepare(context) {
      ensureSidecarBinary(context.tools.binaries.envoy!, workload.name);
      // Envoy replaces a stale socket file itself, but not a missing folder.
      if (privateNetwork) for (const dir of privateNetworkSocketDirs(workload.name)) mkdirSync(join(stateDir, dir), { recursive: true, mode: 0o700 });
    },

    command: () => (privateNetwork ? enterPrivateNetwork(workload.name, envoyCommand(workload, 1)) : envoyCommand(workload, 1)),
    probe: () => envoyIsReady(workload),

    async provision() {},
  };
}

/** A sidecar for every workload in the policy except the edge, which has its own process. */
export const sidecars: ManagedProcess[] = policy.workloads.filter((workload) => workload.kind !== 'edge').map(sidecar);
