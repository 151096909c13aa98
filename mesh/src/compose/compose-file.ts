import type { Policy, Workload } from '../policy/define-policy.ts';
import { composeCredentials } from './compose-credentials.ts';
import { composeImages } from './compose-images.ts';
import type { ComposeService } from './compose-model.ts';
import { productionNetworks, productionNetworksOf } from './compose-networks.ts';
import { appService, edgeService, sidecarService, sidecarServiceName, spireAgentSocketVolume } from './mesh-services.ts';
import { composeEntriesJson, composeNodeId, spireComposePaths } from './spire-compose.ts';
import { storeService, storeVolumes } from './store-services.ts';

export type ComposeVariant = 'dev' | 'prod';

/** Dev publishes the edge on loopback only; prod on 443 of every host interface. */
const edgePublishedAt: Record<ComposeVariant, string> = { dev: '127.0.0.1:8443', prod: '443' };

function spireServices(policy: Policy, images: ReturnType<typeof composeImages>): Record<string, ComposeService> {
  return {
    'spire-server': {
      image: images.spireServer,
      command: ['-config', spireComposePaths.serverConfig],
      volumes: ['./spire/compose/server.conf:/etc/spire/server.conf:ro', `spire-server-data:${spireComposePaths.serverData}`, `spire-server-socket:${spireComposePaths.serverSocketDir}`],
      // The image has no shell; the server's own health check uses its default admin socket, which is ours.
      healthcheck: { test: ['CMD', '/opt/spire/bin/spire-server', 'healthcheck'], interval: '5s', retries: 12 },
      restart: 'unless-stopped',
    },
    // Loads spire/entries.compose.yaml once the server is healthy; on later runs the existing entries are reported and kept, so it exits non-zero and is not restarted.
    'spire-entries': {
      image: images.spireServer,
      entrypoint: ['/opt/spire/bin/spire-server'],
      command: ['entry', 'create', '-socketPath', `${spireComposePaths.serverSocketDir}/api.sock`, '-data', spireComposePaths.entriesJson],
      volumes: [`spire-server-socket:${spireComposePaths.serverSocketDir}`],
      configs: [{ source: 'spire-entries', target: spireComposePaths.entriesJson }],
      depends_on: { 'spire-server': { condition: 'service_healthy' } },
      restart: 'no',
    },
    'spire-agent': {
      image: images.spireAgent,
      // Needed for the first attestation only (see the header); later starts use the SVID cached in spire-agent-data.
      command: ['-config', spireComposePaths.agentConfig, '-joinToken', '${LYNK_SPIRE_JOIN_TOKEN:-}'],
      // The docker attestor maps a caller's pid to its container: host pids and cgroups, and the Docker API.
      pid: 'host',
      cgroup: 'host',
      user: '0:0',
      volumes: [
        './spire/compose/agent.conf:/etc/spire/agent.conf:ro',
        '/var/run/docker.sock:/var/run/docker.sock:ro',
        `spire-agent-data:${spireComposePaths.agentData}`,
        `${spireAgentSocketVolume}:${spireComposePaths.agentSocketDir}`,
      ],
      depends_on: { 'spire-server': { condition: 'service_healthy' } },
      restart: 'unless-stopped',
    },
  };
}

function workloadServices(policy: Policy, workload: Workload, variant: ComposeVariant, images: ReturnType<typeof composeImages>, credentials: ReturnType<typeof composeCredentials>) {
  if (workload.kind === 'edge') return { services: { [workload.name]: edgeService(workload, images, edgePublishedAt[variant]) }, configs: {}, volumes: [] };
  const owner = workload.kind === 'service' ? { service: appService(workload, images, variant === 'prod' ? 'production' : 'development') } : storeService(policy, workload.name, images, credentials);
  return {
    services: { [workload.name]: owner.service, [sidecarServiceName(workload)]: sidecarService(workload, images) },
    configs: owner.configs ?? {},
    volumes: workload.kind === 'store' ? storeVolumes(workload.name) : [],
  };
}

/** Comment lines under the generated header: how to run the file, and what it does and does not cover. */
export function composeFileNotes(policy: Policy, variant: ComposeVariant): string {
  const file = variant === 'prod' ? '-f docker-compose.prod.yml ' : '';
  const lines = [
    variant === 'prod'
      ? 'Production: networks public (edge only, publishes 443), bridge (edge and services) and private (internal: true; every store, SPIRE, and the workloads that call a store). The data layer is on private only.'
      : 'Development: one default network; only the edge publishes a port (127.0.0.1:8443).',
    'Each workload is one network namespace: its app or store, plus its Envoy sidecar with network_mode "service:<workload>". Sidecars reach each other by service name (envoy/compose/); inside a namespace everything stays on loopback or a unix socket, at the same ports as natively.',
    'Identities: the SPIRE agent\'s docker attestor selects each sidecar by its io.lynk.workload label (spire/entries.compose.yaml, applied by the one-shot spire-entries).',
    `First start: \`docker compose ${file}up -d spire-server\`, then \`docker compose ${file}exec spire-server /opt/spire/bin/spire-server token generate -spiffeID ${composeNodeId(policy)}\`; set LYNK_SPIRE_JOIN_TOKEN to that token and run \`docker compose ${file}up -d\`.`,
    'Secrets come only from the environment: each is named after its path in state/secrets/credentials.json (kafka.services.auth.password -> LYNK_KAFKA_SERVICES_AUTH_PASSWORD, kafka.clusterId -> LYNK_KAFKA_CLUSTER_ID).',
    'Covered: store configs come from the same builders as natively (mesh/src/stores): Kafka\'s server.properties with one listener per client, advertised at that client\'s sidecar port, and its SCRAM users; Redis conf and ACL; Cassandra yaml; Jaeger config; pg_hba.',
    'Not covered: what the native launcher provisions after a store starts from init/ (postgres-grants.sql, kafka-topics.json, kafka-acls.json, cassandra-grants.cql, minio-policy.json: databases, roles, grants, topics, ACLs, the MinIO bucket and key), and dropping Cassandra\'s default superuser. Services start from services/<name>/src/main.ts, each adding its own variables.',
  ];
  return lines.map((line) => `# ${line}\n`).join('');
}

/** One compose document: every workload of the policy with its sidecar, SPIRE, and in prod the three networks. */
export function composeFile(policy: Policy, variant: ComposeVariant) {
  const images = composeImages();
  const credentials = composeCredentials();
  const services: Record<string, ComposeService> = {};
  const configs: Record<string, { content: string }> = { 'spire-entries': { content: composeEntriesJson(policy) } };
  const volumes = ['spire-server-data', 'spire-server-socket', 'spire-agent-data', spireAgentSocketVolume];
  for (const workload of policy.workloads) {
    const parts = workloadServices(policy, workload, variant, images, credentials);
    if (variant === 'prod') {
      // Networks belong to the namespace's owner; a sidecar (network_mode) inherits them.
      const owner = parts.services[workload.name]!;
      owner.networks = productionNetworksOf(policy, workload);
    }
    Object.assign(services, parts.services);
    Object.assign(configs, parts.configs);
    volumes.push(...parts.volumes);
  }
  for (const [name, service] of Object.entries(spireServices(policy, images))) {
    if (variant === 'prod') service.networks = ['private'];
    services[name] = service;
  }
  return {
    name: 'lynk',
    services,
    ...(variant === 'prod' ? { networks: networkDefinitions() } : {}),
    volumes: Object.fromEntries(volumes.map((volume) => [volume, {}])),
    configs,
  };
}

function networkDefinitions() {
  return Object.fromEntries(productionNetworks.map((network) => [network, network === 'private' ? { internal: true } : {}]));
}
