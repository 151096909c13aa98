import { z } from 'zod';
import { generateCredentials } from '../launcher/credentials.ts';
import type { Policy } from '../policy/define-policy.ts';
import { jsonWithNotice } from '../mesh/generated-notice.ts';
import { readInitFile } from './init-file.ts';

export const minioPolicyPath = 'init/minio-policy.json';

const minioAccessSchema = z.object({
  bucket: z.string(),
  policyName: z.string(),
  /** The MinIO users (access keys) the policy is attached to. */
  users: z.array(z.string()),
  /** An S3 IAM policy document, as `mc admin policy create` takes it. */
  policy: z.object({ Version: z.string(), Statement: z.array(z.unknown()) }).passthrough(),
});
export type MinioAccess = z.infer<typeof minioAccessSchema>;

/** The bucket, and a policy that lets the listed services' keys list, read, write and delete its objects and nothing else. */
export function minioAccess(policy: Policy): MinioAccess {
  const access = policy.storeAccess.minio;
  if (!access) throw new Error('mesh/policy.ts has no storeAccess.minio');
  // Only the fixed user names are used; passwords stay in state/secrets.
  const logins = generateCredentials().minio;
  const users = access.readWrite.map((service) => {
    const login = service === 'root' ? undefined : logins[service as keyof typeof logins];
    if (!login) throw new Error(`storeAccess.minio grants ${service}, which has no MinIO key`);
    return login.user;
  });
  return {
    bucket: access.bucket,
    policyName: `${access.bucket}-readwrite`,
    users,
    policy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], Resource: [`arn:aws:s3:::${access.bucket}`] },
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          Resource: [`arn:aws:s3:::${access.bucket}/*`],
        },
      ],
    },
  };
}

export function minioPolicyFile(policy: Policy): string {
  return jsonWithNotice('MinIO bucket and its access policy', minioAccess(policy), 4);
}

export function readMinioAccess(): MinioAccess {
  return minioAccessSchema.parse(JSON.parse(readInitFile(minioPolicyPath)));
}
