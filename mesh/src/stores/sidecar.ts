import { join } from 'node:path';
import { policy } from '../../policy.ts';
import type { LaunchCommand, ManagedProcess } from '../launcher/managed-process.ts';
import { ensureSidecarBinary } from '../mesh/registration-entries.ts';
import { sidecarBinaryPath } from '../mesh/spiffe.ts';
import { kafkaClientListeners } from '../mesh/store-upstreams.ts';
import type { Workload } from '../policy/define-policy.ts';
import { repoRoot, stateDir } from '../paths.ts';

function listenerPorts(workload: Workload): number[] {
  const ports = [policy.adminPort(workload)];
  if (workload.kind === 'store' && workload.protocol === 'kafka') ports.push(...kafkaClientListeners(policy).map((listener) => listener.sidecarPort));
  else if (policy.callersOf(workload).length > 0) ports.push(policy.inboundPort(workload));
  ports.push(...policy.targetsOf(workload).map((allowance) => policy.outboundPort(workload, allowance.to)));
  return ports;
}

interface CertsAnswer {
  certificates: Array<{ cert_chain: Array<{ subject_alt_names: Array<{ uri?: string }>; serial_number: string; valid_from: string; expiration_time: string }> }>;
}

/** URI SANs and serials of the certificates an Envoy currently serves, from its admin API. */
export async function sidecarCertificates(workload: Workload): Promise<Array<{ uri: string; serial: string; validFrom: Date; expires: Date }>> {
  const response = await fetch(`http://127.0.0.1:${policy.adminPort(workload)}/certs`, { signal: AbortSignal.timeout(2000) });
  const answer = (await response.json()) as CertsAnswer;
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
  const ready = await fetch(`http://127.0.0.1:${policy.adminPort(workload)}/ready`, { signal: AbortSignal.timeout(2000) });
  if (ready.status !== 200) throw new Error(`envoy not live yet (${ready.status})`);
  const certificates = await sidecarCertificates(workload);
  if (!certificates.some((certificate) => certificate.uri === workload.spiffeId)) throw new Error(`no SVID for ${workload.spiffeId} yet`);
}

/** One workload's Envoy sidecar, run from its own hard link so SPIRE can tell it apart. */
export function sidecar(workload: Workload): ManagedProcess {
  return {
    name: `sidecar-${workload.name}`,
    ports: listenerPorts(workload),
    startTimeoutMs: 60_000,
    dependsOn: ['spire-agent'],

    async prepare(context) {
      ensureSidecarBinary(context.tools.binaries.envoy!, workload.name);
    },

    command: () => envoyCommand(workload, 1),
    probe: () => envoyIsReady(workload),

    async provision() {},
  };
}

/** A sidecar for every workload in the policy except the edge, which has its own process. */
export const sidecars: ManagedProcess[] = policy.workloads.filter((workload) => workload.kind !== 'edge').map(sidecar);
