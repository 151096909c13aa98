import type { Queryable } from '@lynk/common/store';

/** Media registers each upload once it is stored; registering again changes nothing. */
export async function registerAttachment(db: Queryable, upload: { uploadId: string; roomId: string; uploaderId: string }): Promise<void> {
  await db.query('INSERT INTO attachments (upload_id, room_id, uploader_id) VALUES ($1, $2, $3) ON CONFLICT (upload_id) DO NOTHING', [upload.uploadId, upload.roomId, upload.uploaderId]);
}

/**
 * Marks as referenced those of `uploadIds` this uploader registered for this room, and returns
 * them. Row locks make it atomic with `releaseUnreferenced`: an upload is either claimed by a
 * message or released as an orphan, never both.
 */
export async function claimAttachments(db: Queryable, roomId: string, uploaderId: string, uploadIds: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ upload_id: string }>(
    'UPDATE attachments SET referenced_at = coalesce(referenced_at, now()) WHERE upload_id = ANY($1::uuid[]) AND room_id = $2 AND uploader_id = $3 RETURNING upload_id',
    [uploadIds, roomId, uploaderId],
  );
  return rows.map((row) => row.upload_id);
}

/** Forgets those of `uploadIds` no message references and returns them; media then deletes them. */
export async function releaseUnreferenced(db: Queryable, uploadIds: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ upload_id: string }>('DELETE FROM attachments WHERE upload_id = ANY($1::uuid[]) AND referenced_at IS NULL RETURNING upload_id', [uploadIds]);
  return rows.map((row) => row.upload_id);
}

/** Erasure: media deletes the person's files, so their registrations go too. */
export async function deleteAttachmentsOf(db: Queryable, uploaderId: string): Promise<void> {
  await db.query('DELETE FROM attachments WHERE uploader_id = $1', [uploaderId]);
}
