/**
 * A member uploads a file to a room. The row is written first ('receiving'), then the bytes go
 * to S3 (images cleaned and thumbnailed on the way, everything else streamed in parts), then
 * message learns the upload, so only this uploader can attach it, and only in this room.
 */
import { v7 as uuidv7 } from 'uuid';
import { sanitiseFileName } from '../domain/file-name.ts';
import { isProcessableImage } from '../domain/media-types.ts';
import { thumbnailContentType } from '../providers/image-processor.ts';
import { deleteUploadRow, insertReceivingUpload, markStored } from '../store/upload-repository.ts';
import { collectBytes, type InspectedFile } from './incoming-file.ts';
import type { MediaContext } from './media-context.ts';
import { mediaView, type MediaView } from './media-view.ts';
import { objectKeys } from './object-keys.ts';

export async function storeAttachment(context: MediaContext, uploaderId: string, roomId: string, file: InspectedFile): Promise<MediaView> {
  const id = uuidv7();
  const objectKey = objectKeys.file(id);
  await insertReceivingUpload(context.pool, { id, roomId, uploaderId, fileName: sanitiseFileName(file.clientName, file.type.extension), contentType: file.type.mime, kind: file.type.kind, objectKey });
  let thumbnailKey: string | null = null;
  try {
    let stored: { sizeBytes: number; width: number | null; height: number | null };
    if (isProcessableImage(file.type)) {
      const processed = await context.images.inTurn(async () => context.images.process(await collectBytes(file.bytes), file.type.mime));
      thumbnailKey = objectKeys.thumbnail(id);
      await Promise.all([context.objects.put(objectKey, file.type.mime, processed.image), context.objects.put(thumbnailKey, thumbnailContentType, processed.thumbnail)]);
      stored = { sizeBytes: processed.image.length, width: processed.width, height: processed.height };
    } else {
      const { bytes } = await context.objects.putStream(objectKey, file.type.mime, file.bytes);
      stored = { sizeBytes: bytes, width: null, height: null };
    }
    const upload = await markStored(context.pool, id, { ...stored, thumbnailKey });
    await context.rooms.registerUpload({ uploadId: id, roomId, uploaderId });
    return mediaView(upload);
  } catch (error) {
    // Nothing half-done stays behind: no object, no row (the orphan sweep catches a crash here).
    await context.objects.delete([objectKey, ...(thumbnailKey ? [thumbnailKey] : [])]).catch(() => undefined);
    await deleteUploadRow(context.pool, id).catch(() => undefined);
    throw error;
  }
}
