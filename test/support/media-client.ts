/**
 * Uploads and downloads through the public edge, as a client app does: multipart/form-data with
 * a declared length (the edge requires one), and binary downloads kept as bytes.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { localCaPaths } from '../../init/local-ca.ts';
import type { MediaView } from '../../services/media/src/use-cases/media-view.ts';
import type { SignedInUser } from './auth-users.ts';
import { edgePort } from './edge-client.ts';

export type { MediaView };

export interface BinaryReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body as JSON, when it is JSON (upload answers, problems). */
  json<T = Record<string, unknown>>(): T;
}

/** A file to send: bytes in memory, or a generator of `size` bytes for files too large to hold. */
export type OutgoingFile = { name: string; contentType?: string; bytes: Buffer } | { name: string; contentType?: string; size: number; chunks: () => AsyncIterable<Buffer> };

let caPem: Buffer | undefined;

/** One HTTPS request through the edge with a streamed body; resolves with the answer even when the edge answers mid-upload. */
export function edgeBinaryRequest(method: string, path: string, options: { token?: string; headers?: Record<string, string>; body?: { length: number; chunks: AsyncIterable<Buffer> } } = {}): Promise<BinaryReply> {
  caPem ??= readFileSync(localCaPaths().caCert);
  const headers: Record<string, string> = { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body ? { 'content-length': String(options.body.length) } : {}), ...options.headers };
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = request({ host: '127.0.0.1', port: edgePort, method, path, headers, ca: caPem }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      const finish = () => {
        const body = Buffer.concat(chunks);
        resolve({ status: response.statusCode!, headers: response.headers, body, json: <T>() => JSON.parse(body.toString('utf8')) as T });
      };
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', finish);
      response.on('error', finish);
    });
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (!options.body) {
      outgoing.end();
      return;
    }
    void (async () => {
      try {
        for await (const chunk of options.body!.chunks) {
          if (answered || outgoing.destroyed) break;
          if (!outgoing.write(chunk)) {
            await new Promise<void>((drained) => {
              const done = () => {
                outgoing.off('drain', done).off('close', done);
                drained();
              };
              outgoing.on('drain', done).on('close', done);
            });
          }
        }
        outgoing.end();
      } catch (error) {
        outgoing.destroy(error as Error);
      }
    })();
  });
}

/** multipart/form-data with one file in the field "file" (or `field`). */
export function multipartFile(file: OutgoingFile, field = 'file'): { contentType: string; length: number; chunks: AsyncIterable<Buffer> } {
  const boundary = `lynk-${randomUUID()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.name}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = 'bytes' in file ? file.bytes.length : file.size;
  async function* chunks() {
    yield head;
    if ('bytes' in file) yield file.bytes;
    else yield* file.chunks();
    yield tail;
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, length: head.length + size + tail.length, chunks: chunks() };
}

export function sendFile(method: string, path: string, user: SignedInUser, file: OutgoingFile): Promise<BinaryReply> {
  const body = multipartFile(file);
  return edgeBinaryRequest(method, path, { token: user.accessToken, headers: { 'content-type': body.contentType }, body });
}

export function uploadToRoom(user: SignedInUser, roomId: string, file: OutgoingFile): Promise<BinaryReply> {
  return sendFile('POST', `/api/media/rooms/${roomId}/uploads`, user, file);
}

/** Uploads and insists it worked: the stored file's view. */
export async function uploaded(user: SignedInUser, roomId: string, file: OutgoingFile): Promise<MediaView> {
  const reply = await uploadToRoom(user, roomId, file);
  if (reply.status !== 201) throw new Error(`upload answered ${reply.status}: ${reply.body.toString('utf8')}`);
  return reply.json<MediaView>();
}

export function getMedia(user: SignedInUser, path: string, headers: Record<string, string> = {}): Promise<BinaryReply> {
  return edgeBinaryRequest('GET', path, { token: user.accessToken, headers });
}

/** `size` bytes that start like an MP4 file (an `ftyp` box), so media detects video/mp4; the rest is filler. */
export function mp4Like(size: number, chunkBytes = 1024 * 1024): () => AsyncIterable<Buffer> {
  const ftyp = Buffer.from('000000186674797069736f6d0000020069736f6d6d703431', 'hex');
  return async function* () {
    let sent = 0;
    const filler = Buffer.alloc(chunkBytes, 0x5a);
    while (sent < size) {
      const length = Math.min(chunkBytes, size - sent);
      const chunk = sent === 0 ? Buffer.concat([ftyp, filler.subarray(0, Math.max(0, length - ftyp.length))]).subarray(0, length) : filler.subarray(0, length);
      sent += chunk.length;
      yield chunk;
    }
  };
}
