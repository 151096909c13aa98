import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { mediaBucket } from '../../mesh/src/stores/minio.ts';
import { s3 } from '../support/clients.ts';
import { credentials, uniqueName } from '../support/stack.ts';

const accessDenied = (error: unknown) => (error as { name?: string }).name === 'AccessDenied';

describe('minio: the media key is limited to the media bucket', () => {
  const { media, root } = credentials().minio;

  it('the media key can put, list, get and delete objects in the media bucket', async () => {
    const client = s3(media, 'media');
    const key = `${uniqueName('upload')}.txt`;
    try {
      await client.send(new PutObjectCommand({ Bucket: mediaBucket, Key: key, Body: 'hello media', ContentType: 'text/plain' }));
      const listed = await client.send(new ListObjectsV2Command({ Bucket: mediaBucket, Prefix: key }));
      assert.deepEqual(listed.Contents?.map((object) => object.Key), [key]);
      const object = await client.send(new GetObjectCommand({ Bucket: mediaBucket, Key: key }));
      assert.equal(await object.Body?.transformToString(), 'hello media');
      await client.send(new DeleteObjectCommand({ Bucket: mediaBucket, Key: key }));
    } finally {
      client.destroy();
    }
  });

  it('the media key is refused another bucket, cannot create buckets and sees only its own', async () => {
    const admin = s3(root, 'operator');
    const client = s3(media, 'media');
    const otherBucket = uniqueName('other').replaceAll('_', '-');
    try {
      await admin.send(new CreateBucketCommand({ Bucket: otherBucket }));
      await admin.send(new PutObjectCommand({ Bucket: otherBucket, Key: 'secret.txt', Body: 'not for media' }));
      await assert.rejects(client.send(new GetObjectCommand({ Bucket: otherBucket, Key: 'secret.txt' })), accessDenied);
      await assert.rejects(client.send(new PutObjectCommand({ Bucket: otherBucket, Key: 'x.txt', Body: 'x' })), accessDenied);
      await assert.rejects(client.send(new ListObjectsV2Command({ Bucket: otherBucket })), accessDenied);
      await assert.rejects(client.send(new CreateBucketCommand({ Bucket: uniqueName('made').replaceAll('_', '-') })), accessDenied);
      const visible = await client.send(new ListBucketsCommand({}));
      assert.deepEqual(visible.Buckets?.map((bucket) => bucket.Name), [mediaBucket], 'only the media bucket is visible');
    } finally {
      await admin.send(new DeleteObjectCommand({ Bucket: otherBucket, Key: 'secret.txt' })).catch(() => {});
      await admin.send(new DeleteBucketCommand({ Bucket: otherBucket })).catch(() => {});
      admin.destroy();
      client.destroy();
    }
  });

  it('a wrong secret is refused', async () => {
    const client = s3({ user: media.user, password: 'wrong-secret-key' }, 'media');
    try {
      await assert.rejects(client.send(new ListObjectsV2Command({ Bucket: mediaBucket })), (error: unknown) => (error as { name?: string }).name === 'SignatureDoesNotMatch');
    } finally {
      client.destroy();
    }
  });
});
