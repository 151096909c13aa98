import { loadToolManifest } from '../tools/manifest.ts';

/** Jaeger's Go module keeps v1 tags; the manifest pins the commit that is also tagged v2.x. */
const jaegerV2ForModuleVersion: Record<string, string> = { 'v1.76.0': '2.13.0' };

/** Container images of compose mode, at the versions mesh/tools.json pins for native mode. */
export function composeImages() {
  const { tools } = loadToolManifest();
  const pick = <T extends { kind: string }, K extends T['kind']>(tool: T, kind: K) => {
    if (tool.kind !== kind) throw new Error(`mesh/tools.json: expected a ${kind} tool, got ${tool.kind}`);
    return tool as Extract<T, { kind: K }>;
  };
  const postgresMajor = pick(tools.postgresql, 'debian').versionPrefix.replace(/\.$/, '');
  // Debian's "5:7.0.15-1~deb12u10" -> "7.0": the image line with the same minor version.
  const redisMinor = /^(?:\d+:)?(\d+\.\d+)/.exec(pick(tools.redis, 'debian').resolved)?.[1];
  const jaegerVersion = jaegerV2ForModuleVersion[pick(tools.jaeger, 'go').version];
  if (!redisMinor) throw new Error('mesh/tools.json: cannot read the Redis version');
  if (!jaegerVersion) throw new Error(`mesh/tools.json: no Jaeger v2 image known for module version ${tools.jaeger.kind === 'go' ? tools.jaeger.version : ''}`);
  const spireVersion = pick(tools.spire, 'go').version.replace(/^v/, '');
  return {
    envoy: `envoyproxy/envoy:v${pick(tools.envoy, 'pypi').version}`,
    spireServer: `ghcr.io/spiffe/spire-server:${spireVersion}`,
    spireAgent: `ghcr.io/spiffe/spire-agent:${spireVersion}`,
    postgres: `postgres:${postgresMajor}`,
    redis: `redis:${redisMinor}`,
    kafka: `apache/kafka:${pick(tools.kafka, 'maven').version}`,
    cassandra: `cassandra:${pick(tools.cassandra, 'maven').version}`,
    // MinIO publishes no image of the source commit native mode builds; this is its last community release image.
    minio: 'minio/minio:RELEASE.2025-04-22T22-12-26Z',
    jaeger: `jaegertracing/jaeger:${jaegerVersion}`,
    // The services run from the repo's own TypeScript, as natively (Node 20, tsx).
    node: 'node:20',
  } as const;
}

export type ComposeImages = ReturnType<typeof composeImages>;
