/**
 * The S3 bucket (MinIO locally, reached through media's sidecar). Large files go through the S3
 * multipart API one part at a time, so an upload holds at most two parts in memory whatever its
 * size: the one being sent and the one filling.
 */
import type { Agent } from 'node:http';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import type { ByteRange } from '../domain/byte-range.ts';

export interface StoredObject {
  body: Readable;
  contentLength: number;
}

export interface ObjectStore {
  /** Streams `body` into `key`; multipart once it exceeds one part. Aborts the upload if `body` throws. */
  putStream(key: string, contentType: string, body: AsyncIterable<Buffer>): Promise<{ bytes: number; parts: number }>;
  put(key: string, contentType: string, body: Buffer): Promise<void>;
  get(key: string, range?: ByteRange): Promise<StoredObject>;
  /** Idempotent: keys already gone are fine. */
  delete(keys: string[]): Promise<void>;
  /** Aborts multipart uploads to `key` that never completed (the process died mid-upload), freeing their parts. */
  abortIncompleteUploads(key: string): Promise<void>;
  ping(): Promise<void>;
  close(): void;
}

/** `httpAgent` replaces how connections are made (the benchmark's operator path reaches MinIO over a unix socket). */
export function s3ObjectStore(options: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string; partBytes: number; httpAgent?: Agent }): ObjectStore {
  // Node 20 is supported by the pinned SDK; its notice about releases after January 2027 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: true,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // Checksums only where S3 demands one: parts are already bounded buffers, and MinIO verifies Content-MD5-free bodies by signature.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.httpAgent ? { requestHandler: { httpAgent: options.httpAgent } } : {}),
  });
  const Bucket = options.bucket;

  async function put(key: string, contentType: string, body: Buffer): Promise<void> {
    await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }));
  }

  async function putStream(key: string, contentType: string, body: AsyncIterable<Buffer>): Promise<{ bytes: number; parts: number }> {
    let filling: Buffer[] = [];
    let fillingBytes = 0;
    let total = 0;
    let uploadId: string | undefined;
    const completed: CompletedPart[] = [];
    let partNumber = 0;
    let inFlight: Promise<void> = Promise.resolve();

    const sendPart = async (part: Buffer) => {
      uploadId ??= (await client.send(new CreateMultipartUploadCommand({ Bucket, Key: key, ContentType: contentType }))).UploadId;
      // One part on the wire at a time: the next waits here, and the request stream waits with it (backpressure).
      await inFlight;
      const number = ++partNumber;
      inFlight = client.send(new UploadPartCommand({ Bucket, Key: key, UploadId: uploadId, PartNumber: number, Body: part, ContentLength: part.length })).then((result) => {
        completed.push({ PartNumber: number, ETag: result.ETag });
      });
      inFlight.catch(() => undefined);
    };

    try {
      for await (const chunk of body) {
        filling.push(chunk);
        fillingBytes += chunk.length;
        total += chunk.length;
        if (fillingBytes >= options.partBytes) {
          const part = Buffer.concat(filling, fillingBytes);
          filling = [];
          fillingBytes = 0;
          await sendPart(part);
        }
      }
      if (partNumber === 0) {
        await put(key, contentType, Buffer.concat(filling, fillingBytes));
        return { bytes: total, parts: 1 };
      }
      if (fillingBytes > 0) await sendPart(Buffer.concat(filling, fillingBytes));
      await inFlight;
      completed.sort((a, b) => a.PartNumber! - b.PartNumber!);
      await client.send(new CompleteMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: completed } }));
      return { bytes: total, parts: partNumber };
    } catch (error) {
      await inFlight.catch(() => undefined);
      if (uploadId) await client.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
      throw error;
    }
  }

  return {
    put,
    putStream,
    async get(key, range) {
      const result = await client.send(new GetObjectCommand({ Bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
      return { body: result.Body as Readable, contentLength: Number(result.ContentLength ?? 0) };
    },
    async delete(keys) {
      if (keys.length === 0) return;
      await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
    },
    async abortIncompleteUploads(key) {
      const listed = await client.send(new ListMultipartUploadsCommand({ Bucket, Prefix: key }));
      for (const upload of listed.Uploads ?? []) {
        if (upload.Key === key) await client.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: upload.UploadId }));
      }
    },
    async ping() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },
    close() {
      client.destroy();
    },
  };
}
