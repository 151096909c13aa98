import type { Queryable } from '@lynk/common/store';
import type { MediaKind } from '../domain/media-types.ts';

export interface Upload {
  id: string;
  roomId: string;
  uploaderId: string;
  status: 'receiving' | 'stored';
  fileName: string;
  contentType: string;
  kind: MediaKind;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  objectKey: string;
  thumbnailKey: string | null;
  inUse: boolean;
  createdAt: Date;
}

interface UploadRow {
  id: string;
  room_id: string;
  uploader_id: string;
  status: Upload['status'];
  file_name: string;
  content_type: string;
  kind: MediaKind;
  size_bytes: string;
  width: number | null;
  height: number | null;
  object_key: string;
  thumbnail_key: string | null;
  in_use: boolean;
  created_at: Date;
}

const columns = 'id, room_id, uploader_id, status, file_name, content_type, kind, size_bytes, width, height, object_key, thumbnail_key, in_use, created_at';

const toUpload = (row: UploadRow): Upload => ({
  id: row.id,
  roomId: row.room_id,
  uploaderId: row.uploader_id,
  status: row.status,
  fileName: row.file_name,
  contentType: row.content_type,
  kind: row.kind,
  sizeBytes: Number(row.size_bytes),
  width: row.width,
  height: row.height,
  objectKey: row.object_key,
  thumbnailKey: row.thumbnail_key,
  inUse: row.in_use,
  createdAt: row.created_at,
});

/** Recorded before the first byte goes to S3, so an upload that never finishes is still found and removed. */
export async function insertReceivingUpload(db: Queryable, upload: Pick<Upload, 'id' | 'roomId' | 'uploaderId' | 'fileName' | 'contentType' | 'kind' | 'objectKey'>): Promise<void> {
  await db.query(
    `INSERT INTO uploads (id, room_id, uploader_id, status, file_name, content_type, kind, object_key) VALUES ($1, $2, $3, 'receiving', $4, $5, $6, $7)`,
    [upload.id, upload.roomId, upload.uploaderId, upload.fileName, upload.contentType, upload.kind, upload.objectKey],
  );
}

export async function markStored(db: Queryable, id: string, stored: { sizeBytes: number; width: number | null; height: number | null; thumbnailKey: string | null }): Promise<Upload> {
  const { rows } = await db.query<UploadRow>(
    `UPDATE uploads SET status = 'stored', size_bytes = $2, width = $3, height = $4, thumbnail_key = $5 WHERE id = $1 RETURNING ${columns}`,
    [id, stored.sizeBytes, stored.width, stored.height, stored.thumbnailKey],
  );
  return toUpload(rows[0]!);
}

export async function findStoredUpload(db: Queryable, id: string): Promise<Upload | undefined> {
  const { rows } = await db.query<UploadRow>(`SELECT ${columns} FROM uploads WHERE id = $1 AND status = 'stored'`, [id]);
  return rows[0] ? toUpload(rows[0]) : undefined;
}

export async function deleteUploadRow(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM uploads WHERE id = $1', [id]);
}

/** Oldest first: stored uploads past the grace period that no message is known to use, and receiving ones long abandoned. */
export async function orphanCandidates(db: Queryable, options: { graceSeconds: number; abandonedSeconds: number; limit: number }): Promise<Upload[]> {
  const { rows } = await db.query<UploadRow>(
    `SELECT ${columns} FROM uploads
     WHERE NOT in_use AND ((status = 'stored' AND created_at < now() - make_interval(secs => $1)) OR (status = 'receiving' AND created_at < now() - make_interval(secs => $2)))
     ORDER BY created_at LIMIT $3`,
    [options.graceSeconds, options.abandonedSeconds, options.limit],
  );
  return rows.map(toUpload);
}

export async function markInUse(db: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await db.query('UPDATE uploads SET in_use = true WHERE id = ANY($1::uuid[])', [ids]);
}

export async function uploadsOf(db: Queryable, uploaderId: string, limit: number): Promise<Upload[]> {
  const { rows } = await db.query<UploadRow>(`SELECT ${columns} FROM uploads WHERE uploader_id = $1 ORDER BY id LIMIT $2`, [uploaderId, limit]);
  return rows.map(toUpload);
}
