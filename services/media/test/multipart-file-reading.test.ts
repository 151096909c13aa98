import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { createLogger, problemErrorHandler } from '@lynk/common';
import { mediaErrors } from '../src/domain/media-errors.ts';
import { largestUploadBytes } from '../src/domain/media-types.ts';
import { receiveSingleFile } from '../src/http/multipart-file.ts';

const boundary = 'unit-boundary';
const part = (field: string, content: Buffer) =>
  Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="a.bin"\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);

describe('reading one file from a multipart upload', () => {
  let baseUrl = '';
  let server: ReturnType<express.Express['listen']>;

  before(async () => {
    const app = express();
    app.post('/upload', async (request, response) => {
      const bytes = await receiveSingleFile(request, async (file) => {
        let total = 0;
        for await (const chunk of file.bytes) {
          total += chunk.length;
          if (chunk.includes(0x58)) mediaErrors.raise('MEDIA_TYPE_NOT_ALLOWED');
        }
        return total;
      });
      response.json({ bytes });
    });
    app.use(problemErrorHandler(createLogger('media-test', { level: 'silent' })));
    server = await new Promise((resolve) => {
      const started = app.listen(0, '127.0.0.1', () => resolve(started));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  const post = (body: Buffer, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}/upload`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...headers } });

  it('hands the file over as it streams and answers with the handler result', async () => {
    const reply = await post(part('file', Buffer.alloc(300_000, 1)));
    assert.deepEqual(await reply.json(), { bytes: 300_000 });
  });

  it('a file in another field, or a body that is not multipart, is MEDIA_UPLOAD_INVALID', async () => {
    const wrongField = await post(part('attachment', Buffer.alloc(10, 1)));
    assert.equal(((await wrongField.json()) as { code: string }).code, 'MEDIA_UPLOAD_INVALID');
    const notMultipart = await post(Buffer.from('{}'), { 'content-type': 'application/json' });
    assert.equal(((await notMultipart.json()) as { code: string }).code, 'MEDIA_UPLOAD_INVALID');
  });

  it('a refusal reaches the client cleanly although the body is still arriving', async () => {
    const reply = await post(part('file', Buffer.concat([Buffer.from('X'), Buffer.alloc(5_000_000, 1)])));
    assert.equal(reply.status, 415);
    assert.equal(((await reply.json()) as { code: string }).code, 'MEDIA_TYPE_NOT_ALLOWED');
  });

  it('a declared length above every type limit is refused before a byte of body is sent', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = request(`${baseUrl}/upload`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(largestUploadBytes * 2) } }, (response) => {
        resolve(response.statusCode ?? 0);
        response.resume();
        outgoing.destroy();
      });
      outgoing.on('error', reject);
      outgoing.flushHeaders();
    });
    assert.equal(status, 413);
  });
});
