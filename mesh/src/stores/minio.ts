import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import type { ManagedProcess, StoreContext } from '../launcher/managed-process.ts';
import { operatorSocketPath, unixSocketAgent } from '../launcher/operator-sockets.ts';
import { loopback, storePorts } from '../launcher/ports.ts';
import { enterPrivateNetwork, holderName } from '../launcher/private-network-holder.ts';
import { runCommand } from '../tools/run-command.ts';
import { policy } from '../../policy.ts';
import { minioPolicyPath, readMinioAccess } from '../init/minio-policy.ts';

/** The media bucket; which keys may use it, and how, is in init/minio-policy.json. */
export const mediaBucket = policy.storeAccess.minio!.bucket;

/** Where MinIO listens inside its own network namespace. */
const minioAddress = `${loopback}:${storePorts.minio}`;

/**
 * An S3 client at `endpoint` (a sidecar's outbound port), or without one, MinIO itself through
 * its sidecar's operator socket (MinIO lives in its own network namespace).
 */
export function s3Client(accessKeyId: string, secretAccessKey: string, endpoint?: string): S3Client {
  // Node 20 is supported by the pinned SDK; its notice about releases after January 2027 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const target = endpoint ? { endpoint } : { endpoint: `http://${minioAddress}`, requestHandler: { httpAgent: unixSocketAgent(operatorSocketPath('minio')) } };
  return new S3Client({ ...target, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

/**
 * Runs `mc` inside MinIO's network namespace (mc reaches no unix socket); the alias lives only in
 * the environment, never in a config file.
 */
function mc(context: StoreContext, args: string[]): Promise<string> {
  const { user, password } = context.credentials.minio.root;
  const launch = enterPrivateNetwork('minio', { command: context.tools.binaries.mc ?? 'mc', args: ['--no-color', '--disable-pager', ...args] });
  return runCommand(launch.command, launch.args, {
    env: {
      ...process.env,
      MC_CONFIG_DIR: join(context.configDir, 'mc'),
      MC_HOST_lynk: `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${minioAddress}`,
    },
  });
}

export const minio: ManagedProcess = {
  name: 'minio',
  // S3 and console ports are inside MinIO's own network namespace.
  ports: [],
  listens: 'own network namespace',
  startTimeoutMs: 90_000,
  dependsOn: [holderName('minio')],
  restartsWith: [holderName('minio')],

  async prepare(context) {
    mkdirSync(context.dataDir, { recursive: true, mode: 0o700 });
    mkdirSync(join(context.configDir, 'certs'), { recursive: true, mode: 0o700 });
    mkdirSync(join(context.configDir, 'mc'), { recursive: true, mode: 0o700 });
  },

  command(context) {
    const { user, password } = context.credentials.minio.root;
    return enterPrivateNetwork('minio', {
      command: context.tools.binaries.minio ?? 'minio',
      args: ['server', context.dataDir, '--address', minioAddress, '--console-address', `${loopback}:${storePorts.minioConsole}`, '--certs-dir', join(context.configDir, 'certs'), '--quiet'],
      env: { MINIO_ROOT_USER: user, MINIO_ROOT_PASSWORD: password, MINIO_BROWSER: 'off', MINIO_UPDATE: 'off' },
    });
  },

  async probe(context) {
    const { user, password } = context.credentials.minio.root;
    const client = s3Client(user, password);
    try {
      await client.send(new ListBucketsCommand({}));
    } finally {
      client.destroy();
    }
  },

  async provision(context) {
    const access = readMinioAccess();
    const { root, ...keys } = context.credentials.minio;
    const users = access.users.map((user) => {
      const login = Object.values(keys).find((candidate) => candidate.user === user);
      if (!login || user === root.user) throw new Error(`${minioPolicyPath} attaches its policy to ${user}, which is no service key in the credentials`);
      return login;
    });
    await mc(context, ['mb', '--ignore-existing', `lynk/${access.bucket}`]);
    // mc takes the bare IAM document, without the file's generated notice.
    const policyPath = join(context.configDir, `${access.policyName}.json`);
    writeFileSync(policyPath, JSON.stringify(access.policy, null, 2));
    await mc(context, ['admin', 'policy', 'create', 'lynk', access.policyName, policyPath]);
    for (const login of users) {
      await mc(context, ['admin', 'user', 'add', 'lynk', login.user, login.password]);
      const attached = await mc(context, ['admin', 'user', 'info', 'lynk', login.user, '--json']);
      if (!attached.includes(access.policyName)) {
        await mc(context, ['admin', 'policy', 'attach', 'lynk', access.policyName, '--user', login.user]);
      }
    }
    context.log(`minio: provisioned from ${minioPolicyPath}: bucket ${access.bucket}, policy ${access.policyName} for ${access.users.join(', ')}`);
  },
};
