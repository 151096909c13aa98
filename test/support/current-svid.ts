import { policy } from '../../mesh/policy.ts';
import { sidecarCertificates } from '../../mesh/src/stores/sidecar.ts';

/** The SVID a workload's Envoy (a sidecar or the edge) holds right now, as its admin API reports it. */
export async function currentSvid(workload: string) {
  const own = (await sidecarCertificates(policy.workload(workload))).find((certificate) => certificate.uri === policy.workload(workload).spiffeId);
  if (!own) throw new Error(`${workload}'s Envoy has no SVID`);
  return { ...own, serial: own.serial.toUpperCase() };
}

