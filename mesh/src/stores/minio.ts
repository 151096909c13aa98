import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import type { ManagedProcess, StoreContext } from '../launcher/managed-process.ts';
import { loopback, storePorts } from '../launcher/ports.ts';
import { runCommand } from '../tools/run-command.ts';

export const mediaBucket = 'lynk-media';
const mediaPolicyName = 'lynk-media-readwrite';

/** The media key may list, read, write and delete objects in the media bucket and nothing else. */
export const mediaBucketPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], Resource: [`arn:aws:s3:::${mediaBucket}`] },
    {
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      Resource: [`arn:aws:s3:::${mediaBucket}/*`],
    },
  ],
};

export const minioEndpoint = `http://${loopback}:${storePorts.minio}`;

export function s3Client(accessKeyId: string, secretAccessKey: string, endpoint = minioEndpoint): S3Client {
  // Node 20 is supported by the pinned SDK; its notice about releases after January 2027 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

/** Runs `mc` against the local server; the alias lives only in the environment, never in a config file. */
function mc(context: StoreContext, args: string[]): Promise<string> {
  const { user, password } = context.credentials.minio.root;
  return runCommand(context.tools.binaries.mc ?? 'mc', ['--no-color', '--disable-pager', ...args], {
    env: {
      ...process.env,
      MC_CONFIG_DIR: join(context.configDir, 'mc'),
      MC_HOST_lynk: `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${loopback}:${storePorts.minio}`,
    },
  });
}

export const minio: ManagedProcess = {
  name: 'minio',
  ports: [storePorts.minio, storePorts.minioConsole],
  startTimeoutMs: 60_000,

  async prepare(context) {
    mkdirSync(context.dataDir, { recursive: true, mode: 0o700 });
    mkdirSync(join(context.configDir, 'certs'), { recursive: true, mode: 0o700 });
    mkdirSync(join(context.configDir, 'mc'), { recursive: true, mode: 0o700 });
  },

  command(context) {
    const { user, password } = context.credentials.minio.root;
    return {
      command: context.tools.binaries.minio ?? 'minio',
      args: ['server', context.dataDir, '--address', `${loopback}:${storePorts.minio}`, '--console-address', `${loopback}:${storePorts.minioConsole}`, '--certs-dir', join(context.configDir, 'certs'), '--quiet'],
      env: { MINIO_ROOT_USER: user, MINIO_ROOT_PASSWORD: password, MINIO_BROWSER: 'off', MINIO_UPDATE: 'off' },
    };
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
    const media = context.credentials.minio.media;
    await mc(context, ['mb', '--ignore-existing', `lynk/${mediaBucket}`]);
    const policyPath = join(context.configDir, `${mediaPolicyName}.json`);
    writeFileSync(policyPath, JSON.stringify(mediaBucketPolicy, null, 2));
    await mc(context, ['admin', 'policy', 'create', 'lynk', mediaPolicyName, policyPath]);
    await mc(context, ['admin', 'user', 'add', 'lynk', media.user, media.password]);
    const attached = await mc(context, ['admin', 'user', 'info', 'lynk', media.user, '--json']);
    if (!attached.includes(mediaPolicyName)) {
      await mc(context, ['admin', 'policy', 'attach', 'lynk', mediaPolicyName, '--user', media.user]);
    }
  },
};
