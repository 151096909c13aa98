import { mediaErrors } from '../domain/media-errors.ts';
import { atLeast } from '../domain/room-role.ts';
import { deleteUploadRow, findStoredUpload, type Upload } from '../store/upload-repository.ts';
import type { MediaContext } from './media-context.ts';

/** Removes the bytes first, then the row: a crash in between leaves a row whose download fails, never a hidden object. */
export async function removeUpload(context: MediaContext, upload: Upload): Promise<void> {
  if (upload.status === 'receiving') await context.objects.abortIncompleteUploads(upload.objectKey);
  await context.objects.delete([upload.objectKey, ...(upload.thumbnailKey ? [upload.thumbnailKey] : [])]);
  await deleteUploadRow(context.pool, upload.id);
}

/** The uploader may always delete their file; otherwise a moderator or above of its room. */
export async function deleteMedia(context: MediaContext, userId: string, uploadId: string): Promise<void> {
  const upload = await findStoredUpload(context.pool, uploadId);
  if (!upload) mediaErrors.raise('MEDIA_NOT_FOUND');
  if (upload.uploaderId !== userId) {
    const role = await context.rooms.roleOf(upload.roomId, userId);
    if (!role) mediaErrors.raise('MEDIA_NOT_ROOM_MEMBER');
    if (!atLeast(role, 'moderator')) mediaErrors.raise('MEDIA_FORBIDDEN', 'only the uploader or a moderator and above can delete a file');
  }
  await removeUpload(context, upload);
}
