import type { Response } from 'express';
import { contentDisposition } from '../domain/content-disposition.ts';
import { isInlineSafe } from '../domain/media-types.ts';

/**
 * Headers of every file media serves. Only raster images a browser cannot run are inline;
 * everything else downloads as an attachment. The type is the one detected at upload, and
 * browsers may not sniff another; a sandbox CSP keeps even a mislabelled file from scripting.
 * `private, no-cache`: no shared cache keeps a copy, and the browser asks again every time, so
 * the membership check runs on every use (answered with 304 when the copy is current).
 */
export function setDownloadHeaders(response: Response, file: { contentType: string; fileName: string; etag: string }): void {
  const inline = isInlineSafe(file.contentType);
  response.set({
    'content-type': file.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : file.contentType,
    'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', file.fileName),
    'cache-control': 'private, no-cache',
    etag: file.etag,
    'accept-ranges': 'bytes',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cross-origin-resource-policy': 'same-origin',
  });
}
