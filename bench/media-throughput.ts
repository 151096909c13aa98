/**
 * Media throughput, side by side in one run, the same bytes over three paths:
 *
 *   edge      client -> edge (public TLS) -> media sidecar (mTLS) -> media app -> media sidecar
 *             -> MinIO sidecar (mTLS) -> MinIO; uploads as multipart/form-data, downloads streamed.
 *   sidecars  S3 straight from this process through media's sidecar to MinIO (the mesh hops
 *             without the edge and the app), with media's key, 8 MiB multipart parts.
 *   direct    S3 to MinIO with the operator key through its operator socket (one plain hop by MinIO's sidecar into its network namespace), 8 MiB multipart parts.
 *
 * Each path uploads and downloads a `--size` MiB file `--rounds` times; the figure is the best
 * and the median MB/s (10^6 bytes). Then one `--large-bytes` upload (default 1 GB) through the
 * edge while media's RSS is sampled from /proc every 25 ms: the peak shows the multipart path's
 * memory stays bounded. Needs the stack up; run by hand, never part of npm test:
 *
 *   node --import tsx bench/media-throughput.ts [--size 256] [--rounds 3] [--large-bytes 1000000000]
 */
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { localCaPaths } from '../init/local-ca.ts';
import { mediaBucket } from '../mesh/src/stores/minio.ts';
import { s3ObjectStore, type ObjectStore } from '../services/media/src/store/object-store.ts';
import { signUp, type SignedInUser } from '../test/support/auth-users.ts';
import { edgePort } from '../test/support/edge-client.ts';
import { edgeBinaryRequest, mp4Like, uploaded } from '../test/support/media-client.ts';
import { launcherPid, peakResidentDuring } from '../test/support/process-memory.ts';
import { createRoom } from '../test/support/rooms.ts';
import { operatorSocketPath, unixSocketAgent } from '../mesh/src/launcher/operator-sockets.ts';
import { credentials, throughSidecar, uniqueName } from '../test/support/stack.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '256' },
    rounds: { type: 'string', default: '3' },
    'large-bytes': { type: 'string', default: '1000000000' },
  },
});
const mib = 1024 * 1024;
const sizeBytes = Number(args.size) * mib;
const rounds = Number(args.rounds);
const largeBytes = Number(args['large-bytes']);
const partBytes = 8 * mib;

const megabytesPerSecond = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Downloads through the edge, counting bytes without keeping them. */
function edgeDownload(user: SignedInUser, path: string): Promise<number> {
  const ca = readFileSync(localCaPaths().caCert);
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: edgePort, path, ca, headers: { authorization: `Bearer ${user.accessToken}` } }, (response) => {
      let bytes = 0;
      if (response.statusCode !== 200) reject(new Error(`download answered ${response.statusCode}`));
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve(bytes));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

async function s3Download(store: ObjectStore, key: string): Promise<number> {
  const object = await store.get(key);
  let bytes = 0;
  for await (const chunk of object.body) bytes += (chunk as Buffer).length;
  return bytes;
}

interface PathResult {
  upload: number[];
  download: number[];
}

async function measureS3(store: ObjectStore): Promise<PathResult> {
  const result: PathResult = { upload: [], download: [] };
  for (let round = 0; round < rounds; round++) {
    const key = `bench/${uniqueName('throughput')}`;
    result.upload.push(megabytesPerSecond(sizeBytes, await timed(() => store.putStream(key, 'video/mp4', mp4Like(sizeBytes)()))));
    let received = 0;
    result.download.push(megabytesPerSecond(sizeBytes, await timed(async () => (received = await s3Download(store, key)))));
    if (received !== sizeBytes) throw new Error(`downloaded ${received} of ${sizeBytes} bytes`);
    await store.delete([key]);
  }
  return result;
}

async function measureEdge(owner: SignedInUser, roomId: string): Promise<PathResult> {
  const result: PathResult = { upload: [], download: [] };
  for (let round = 0; round < rounds; round++) {
    let url = '';
    result.upload.push(megabytesPerSecond(sizeBytes, await timed(async () => (url = (await uploaded(owner, roomId, { name: 'bench.mp4', size: sizeBytes, chunks: mp4Like(sizeBytes) })).url))));
    let received = 0;
    result.download.push(megabytesPerSecond(sizeBytes, await timed(async () => (received = await edgeDownload(owner, url)))));
    if (received !== sizeBytes) throw new Error(`downloaded ${received} of ${sizeBytes} bytes`);
    await edgeBinaryRequest('DELETE', url, { token: owner.accessToken });
  }
  return result;
}

const { minio } = credentials();
const viaSidecar = throughSidecar('media', 'minio');
const sidecarStore = s3ObjectStore({ endpoint: `http://${viaSidecar.host}:${viaSidecar.port}`, region: 'us-east-1', bucket: mediaBucket, accessKeyId: minio.media.user, secretAccessKey: minio.media.password, partBytes });
const directStore = s3ObjectStore({ endpoint: 'http://minio', httpAgent: unixSocketAgent(operatorSocketPath('minio')), region: 'us-east-1', bucket: mediaBucket, accessKeyId: minio.root.user, secretAccessKey: minio.root.password, partBytes });

process.stdout.write(`node --import tsx bench/media-throughput.ts --size ${args.size} --rounds ${rounds} --large-bytes ${largeBytes}\n`);
const owner = await signUp('Media bench');
const room = await createRoom(owner);
const results: Record<string, PathResult> = {
  edge: await measureEdge(owner, room.id),
  sidecars: await measureS3(sidecarStore),
  direct: await measureS3(directStore),
};
process.stdout.write(`${args.size} MiB file, ${rounds} rounds, MB/s (best / median):\n`);
process.stdout.write(`  ${'path'.padEnd(9)} ${'upload'.padStart(17)} ${'download'.padStart(17)}\n`);
for (const [name, result] of Object.entries(results)) {
  const figure = (values: number[]) => `${Math.max(...values).toFixed(0).padStart(7)} / ${median(values).toFixed(0).padStart(6)}`;
  process.stdout.write(`  ${name.padEnd(9)} ${figure(result.upload)} ${figure(result.download)}\n`);
}
const share = (path: string, direction: keyof PathResult) => ((median(results[path]![direction]) / median(results.direct![direction])) * 100).toFixed(0);
process.stdout.write(`  edge vs direct (median): upload ${share('edge', 'upload')}%, download ${share('edge', 'download')}%; sidecars vs direct: upload ${share('sidecars', 'upload')}%, download ${share('sidecars', 'download')}%\n`);

const pid = launcherPid('media');
const large = await peakResidentDuring(pid, async () => {
  const started = performance.now();
  const view = await uploaded(owner, room.id, { name: 'large.mp4', size: largeBytes, chunks: mp4Like(largeBytes) });
  return { view, ms: performance.now() - started };
});
process.stdout.write(
  `${(largeBytes / 1e9).toFixed(2)} GB upload through the edge: ${megabytesPerSecond(largeBytes, large.result.ms).toFixed(0)} MB/s; media RSS ${(large.beforeBytes / mib).toFixed(0)} MiB before, peak ${(large.peakBytes / mib).toFixed(0)} MiB (+${((large.peakBytes - large.beforeBytes) / mib).toFixed(0)} MiB)\n`,
);
await edgeBinaryRequest('DELETE', large.result.view.url, { token: owner.accessToken });
sidecarStore.close();
directStore.close();
