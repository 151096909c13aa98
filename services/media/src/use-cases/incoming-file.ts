/**
 * An uploaded file as it arrives: its type is decided from the first bytes (the client's name
 * and Content-Type are ignored), then the bytes flow on, counted, and the upload fails the
 * moment it passes the limit of its type. Nothing here holds more than the first 4 KiB.
 */
import { detectMediaType, sniffBytes } from '../domain/detect-media-type.ts';
import { mediaErrors } from '../domain/media-errors.ts';
import type { AllowedType } from '../domain/media-types.ts';

export interface IncomingFile {
  /** The name the client gave; only ever shown after sanitising. */
  clientName: string | undefined;
  bytes: AsyncIterable<Buffer>;
}

export interface InspectedFile {
  type: AllowedType;
  clientName: string | undefined;
  /** Every byte of the file, the sniffed head included; throws MEDIA_TOO_LARGE past `maxBytes`. */
  bytes: AsyncIterable<Buffer>;
}

export async function inspectIncomingFile(file: IncomingFile, options: { maxBytes?: (type: AllowedType) => number; accept?: (type: AllowedType) => boolean } = {}): Promise<InspectedFile> {
  const iterator = file.bytes[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < sniffBytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  if (headBytes === 0) mediaErrors.raise('MEDIA_EMPTY');
  const detected = await detectMediaType(Buffer.concat(head, headBytes).subarray(0, sniffBytes));
  if (!detected.allowed) mediaErrors.raise('MEDIA_TYPE_NOT_ALLOWED', `the file's content is ${detected.detected}`, { detectedType: detected.detected });
  const type = detected.type;
  if (options.accept && !options.accept(type)) mediaErrors.raise('MEDIA_TYPE_NOT_ALLOWED', `${type.mime} is not accepted here`, { detectedType: type.mime });
  const maxBytes = options.maxBytes?.(type) ?? type.maxBytes;

  async function* counted(): AsyncGenerator<Buffer> {
    let seen = 0;
    const pass = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) mediaErrors.raise('MEDIA_TOO_LARGE', `${type.mime} files are limited to ${maxBytes} bytes`, { maxBytes });
      return chunk;
    };
    for (const chunk of head) yield pass(chunk);
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield pass(next.value);
  }
  return { type, clientName: file.clientName, bytes: counted() };
}

/** Whole file in memory, for images only: bounded by their own (small) limit, which `bytes` enforces. */
export async function collectBytes(bytes: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of bytes) chunks.push(chunk);
  return Buffer.concat(chunks);
}
