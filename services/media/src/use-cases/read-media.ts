/**
 * Downloads. Every request is checked against message: the caller must be a member of the
 * upload's room now, so an ex-member is refused at once. The bytes stream from S3 through media
 * and the edge (with Range support) rather than a presigned URL: a URL, once given, works for
 * anyone who holds it until it expires, and would have to reach MinIO past the mesh.
 */
import { parseRange, type ByteRange } from '../domain/byte-range.ts';
import { mediaErrors } from '../domain/media-errors.ts';
import { thumbnailContentType } from '../providers/image-processor.ts';
import type { StoredObject } from '../store/object-store.ts';
import { findStoredUpload, type Upload } from '../store/upload-repository.ts';
import type { MediaContext } from './media-context.ts';
import { requireRoomRole } from './room-access.ts';

export interface MediaContent {
  upload: Upload;
  /** Absent when the client's cached copy is current (304). */
  object?: StoredObject;
  range?: ByteRange;
  size: number;
  contentType: string;
  etag: string;
}

export async function requireVisibleUpload(context: MediaContext, userId: string, uploadId: string): Promise<Upload> {
  const upload = await findStoredUpload(context.pool, uploadId);
  if (!upload) mediaErrors.raise('MEDIA_NOT_FOUND');
  await requireRoomRole(context, upload.roomId, userId);
  return upload;
}

/** Uploads never change (a new file is a new id), so the id is a strong validator. */
const etagOf = (id: string, variant: string) => `"${id}-${variant}"`;

export async function readMedia(context: MediaContext, userId: string, uploadId: string, request: { range?: string; ifNoneMatch?: string; variant: 'file' | 'thumbnail' }): Promise<MediaContent> {
  const upload = await requireVisibleUpload(context, userId, uploadId);
  const etag = etagOf(upload.id, request.variant);
  if (request.variant === 'thumbnail') {
    if (!upload.thumbnailKey) mediaErrors.raise('MEDIA_NO_THUMBNAIL');
    if (request.ifNoneMatch === etag) return { upload, size: 0, contentType: thumbnailContentType, etag };
    const object = await context.objects.get(upload.thumbnailKey);
    return { upload, object, size: object.contentLength, contentType: thumbnailContentType, etag };
  }
  if (request.ifNoneMatch === etag) return { upload, size: upload.sizeBytes, contentType: upload.contentType, etag };
  const wanted = parseRange(request.range, upload.sizeBytes);
  if (wanted.kind === 'unsatisfiable') mediaErrors.raise('MEDIA_RANGE_NOT_SATISFIABLE', undefined, { size: upload.sizeBytes });
  const range = wanted.kind === 'range' ? wanted.range : undefined;
  const object = await context.objects.get(upload.objectKey, range);
  return { upload, object, ...(range ? { range } : {}), size: upload.sizeBytes, contentType: upload.contentType, etag };
}
