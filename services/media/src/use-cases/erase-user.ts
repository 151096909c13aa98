/**
 * GDPR erasure when auth reports `user.deleted`: every file the person uploaded (and its
 * thumbnail) and their own avatar are deleted from S3 and Postgres. Room avatars they set stay
 * with the room, without their id. Idempotent, so a replayed event finishes the job.
 */
import { forgetAvatarSetter } from '../store/avatar-repository.ts';
import { uploadsOf } from '../store/upload-repository.ts';
import { clearAvatar } from './avatars.ts';
import { removeUpload } from './delete-media.ts';
import type { MediaContext } from './media-context.ts';

export async function eraseUserMedia(context: MediaContext, userId: string): Promise<{ uploads: number }> {
  let uploads = 0;
  for (let batch = await uploadsOf(context.pool, userId, 100); batch.length > 0; batch = await uploadsOf(context.pool, userId, 100)) {
    for (const upload of batch) await removeUpload(context, upload);
    uploads += batch.length;
  }
  await clearAvatar(context, { kind: 'user', id: userId });
  await forgetAvatarSetter(context.pool, userId);
  return { uploads };
}
