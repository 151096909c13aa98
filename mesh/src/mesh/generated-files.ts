import { stringify } from 'yaml';
import { policy } from '../../policy.ts';
import type { Policy } from '../policy/define-policy.ts';
import { edgeConfig } from './edge-config.ts';
import { sidecarConfig } from './envoy-config.ts';
import { composeAddressing, nativeAddressing, type MeshAddressing } from './mesh-addressing.ts';
import { composeFile, composeFileNotes } from '../compose/compose-file.ts';
import { composeYaml } from '../compose/compose-yaml.ts';
import { composeAgentConfig, composeEntries, composeNodeId, composeServerConfig } from '../compose/spire-compose.ts';
import { cassandraGrantsCql, cassandraGrantsPath } from '../init/cassandra-grants.ts';
import { kafkaAclsFile, kafkaAclsPath, kafkaTopicsFile, kafkaTopicsPath } from '../init/kafka-init-files.ts';
import { minioPolicyFile, minioPolicyPath } from '../init/minio-policy.ts';
import { postgresGrantsPath, postgresGrantsSql } from '../init/postgres-grants.ts';
import { redisUsersPath, redisUsersTemplate } from '../init/redis-users-template.ts';
import { hashHeader as header } from './generated-notice.ts';

/** Every file the generator owns, path relative to the repo root -> content. */
export function generatedFiles(source: Policy = policy): Map<string, string> {
  const files = new Map<string, string>();
  const envoyFolders: Array<[folder: string, addressing: MeshAddressing, mode: string]> = [
    ['envoy', nativeAddressing, ''],
    ['envoy/compose', composeAddressing, ', compose'],
  ];
  for (const [folder, addressing, mode] of envoyFolders) {
    for (const workload of source.workloads) {
      const config = workload.kind === 'edge' ? edgeConfig(source, addressing) : sidecarConfig(source, workload, addressing);
      const what = workload.kind === 'edge' ? 'Envoy of the public edge' : `Envoy sidecar of ${workload.name}`;
      files.set(`${folder}/${workload.name}.yaml`, header(what + mode) + stringify(config, { lineWidth: 0 }));
    }
  }
  const entries = source.workloads.map((workload) => ({
    workload: workload.name,
    spiffeId: workload.spiffeId,
    // The sidecar's own hard link of the Envoy binary is its identity (unix:path selector).
    selector: `unix:path:\${LYNK_STATE_DIR}/bin/envoy-${workload.name}`,
    x509SvidTtlSeconds: source.svidTtlSeconds,
  }));
  files.set('spire/entries.yaml', header('SPIRE registration entries') + stringify({ parentId: `spiffe://${source.trustDomain}/node/local`, entries }, { lineWidth: 0 }));
  files.set('spire/entries.compose.yaml', header('SPIRE registration entries, compose') + stringify({ parentId: composeNodeId(source), entries: composeEntries(source) }, { lineWidth: 0 }));
  files.set('spire/compose/server.conf', header('SPIRE server, compose') + composeServerConfig(source));
  files.set('spire/compose/agent.conf', header('SPIRE agent, compose') + composeAgentConfig(source));
  files.set('docker-compose.yml', header('compose, development') + composeFileNotes(source, 'dev') + composeYaml(composeFile(source, 'dev')));
  files.set('docker-compose.prod.yml', header('compose, production') + composeFileNotes(source, 'prod') + composeYaml(composeFile(source, 'prod')));
  // What init applies inside the stores: the launcher reads these at every start.
  const { storeAccess } = source;
  if (storeAccess.postgres) files.set(postgresGrantsPath, postgresGrantsSql(source));
  if (storeAccess.redis) files.set(redisUsersPath, redisUsersTemplate(source));
  if (storeAccess.kafka) {
    files.set(kafkaTopicsPath, kafkaTopicsFile(source));
    files.set(kafkaAclsPath, kafkaAclsFile(source));
  }
  if (storeAccess.cassandra) files.set(cassandraGrantsPath, cassandraGrantsCql(source));
  if (storeAccess.minio) files.set(minioPolicyPath, minioPolicyFile(source));
  return files;
}
