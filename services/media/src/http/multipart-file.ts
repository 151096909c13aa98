/**
 * Reads one file from a multipart/form-data request with busboy, as a stream: `handle` gets the
 * bytes as they arrive and the request waits while it is busy (backpressure), so a file is
 * never held whole here. When `handle` refuses the file, the rest of the body is discarded.
 */
import type { Request } from 'express';
import busboy from 'busboy';
import { mediaErrors } from '../domain/media-errors.ts';
import { largestUploadBytes } from '../domain/media-types.ts';
import type { IncomingFile } from '../use-cases/incoming-file.ts';

/** The multipart framing around a file: boundaries and part headers. */
const framingAllowanceBytes = 64 * 1024;

export async function receiveSingleFile<T>(request: Request, handle: (file: IncomingFile) => Promise<T>): Promise<T> {
  const declared = Number(request.get('content-length') ?? 'NaN');
  if (declared > largestUploadBytes + framingAllowanceBytes) mediaErrors.raise('MEDIA_TOO_LARGE', `no file may exceed ${largestUploadBytes} bytes`, { maxBytes: largestUploadBytes });

  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: { files: 1, fields: 10, fieldSize: 1024, parts: 11, fileSize: largestUploadBytes + 1, headerPairs: 20 } });
  } catch {
    mediaErrors.raise('MEDIA_UPLOAD_INVALID', 'the body must be multipart/form-data');
  }

  return new Promise<T>((resolve, reject) => {
    let handling: Promise<T> | undefined;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      // Stop parsing and drain what the client still sends, so the answer reaches it cleanly.
      request.unpipe(parser);
      request.resume();
      reject(error);
    };

    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || handling) {
        stream.resume();
        return;
      }
      handling = handle({ clientName: info.filename, bytes: stream });
      handling.catch((error: unknown) => {
        stream.resume();
        fail(error);
      });
    });
    parser.on('error', (error: unknown) => fail(mediaErrors.create('MEDIA_UPLOAD_INVALID', error instanceof Error ? error.message : undefined)));
    parser.on('close', () => {
      if (!handling) return fail(mediaErrors.create('MEDIA_UPLOAD_INVALID', 'no file in the field "file"'));
      handling.then((result) => {
        if (settled) return;
        settled = true;
        resolve(result);
      }, fail);
    });
    // A client that goes away mid-file: the file stream fails, so the S3 multipart upload is aborted and the row removed.
    request.on('close', () => {
      if (!request.complete) parser.destroy(mediaErrors.create('MEDIA_UPLOAD_INVALID', 'the client stopped sending'));
    });
    request.pipe(parser);
  });
}
