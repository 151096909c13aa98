import type { Workload } from '../policy/define-policy.ts';
import { storeUpstreams } from '../mesh/store-upstreams.ts';
import { spireAgentSocketRelative } from '../mesh/spire-paths.ts';
import { edgeCertificateFiles } from '../mesh/edge-config.ts';
import type { ComposeImages } from './compose-images.ts';
import type { ComposeService } from './compose-model.ts';
import { workloadLabel } from './spire-compose.ts';
import { dirname } from 'node:path';

/** Every Envoy's working directory: the generated configs name the SPIRE socket, store sockets and edge certs relative to it, as natively. */
export const envoyWorkingDir = '/lynk';
export const spireAgentSocketVolume = 'spire-agent-socket';

export const sidecarServiceName = (workload: Workload) => `${workload.name}-sidecar`;
export const storeSocketVolume = (store: string) => `${store}-socket`;

function envoyArgs(concurrency: number): string[] {
  return ['envoy', '-c', '/etc/lynk/envoy.yaml', '--disable-hot-restart', '--concurrency', String(concurrency), '--log-level', 'warn', '--drain-time-s', '5'];
}

/** Envoy in the workload's own namespace, labelled with the workload so the agent gives it that SVID and no other. */
export function sidecarService(workload: Workload, images: ComposeImages): ComposeService {
  const upstream = storeUpstreams[workload.name];
  const storeSocket = upstream && 'unixSocket' in upstream ? [`${storeSocketVolume(workload.name)}:${envoyWorkingDir}/${dirname(upstream.unixSocket)}`] : [];
  return {
    image: images.envoy,
    command: envoyArgs(1),
    working_dir: envoyWorkingDir,
    labels: { [workloadLabel]: workload.name },
    network_mode: `service:${workload.name}`,
    volumes: [`./envoy/compose/${workload.name}.yaml:/etc/lynk/envoy.yaml:ro`, `${spireAgentSocketVolume}:${envoyWorkingDir}/${dirname(spireAgentSocketRelative)}`, ...storeSocket],
    depends_on: [workload.name, 'spire-agent'],
    restart: 'unless-stopped',
  };
}

/** The public entry: Envoy only, its own namespace; only it publishes a port. */
export function edgeService(workload: Workload & { kind: 'edge' }, images: ComposeImages, publishedAt: string): ComposeService {
  return {
    image: images.envoy,
    // Two workers: the edge terminates every client's TLS.
    command: envoyArgs(2),
    working_dir: envoyWorkingDir,
    labels: { [workloadLabel]: workload.name },
    ports: [`${publishedAt}:${workload.publicPort}`],
    volumes: [
      `./envoy/compose/${workload.name}.yaml:/etc/lynk/envoy.yaml:ro`,
      `${spireAgentSocketVolume}:${envoyWorkingDir}/${dirname(spireAgentSocketRelative)}`,
      // init/local-ca.ts writes certs/; the config reads ${edgeCertificateFiles.certificate} relative to the working directory.
      `./${dirname(edgeCertificateFiles.certificate)}:${envoyWorkingDir}/${dirname(edgeCertificateFiles.certificate)}:ro`,
    ],
    depends_on: ['spire-agent'],
    restart: 'unless-stopped',
  };
}

/**
 * A service's app, run from the repo as natively. It listens on loopback of its own namespace,
 * so only its sidecar reaches it, and reaches every target at its sidecar's outbound port from
 * the policy, the same port as natively.
 */
export function appService(workload: Workload & { kind: 'service' }, images: ComposeImages, nodeEnv: string): ComposeService {
  return {
    image: images.node,
    // Convention for the services' entry points; each service's issue adds its own variables here.
    command: ['node', '--import', 'tsx', `services/${workload.name}/src/main.ts`],
    working_dir: '/lynk',
    environment: { NODE_ENV: nodeEnv, HOST: '127.0.0.1', PORT: String(workload.appPort) },
    volumes: ['.:/lynk:ro'],
    restart: 'unless-stopped',
  };
}
