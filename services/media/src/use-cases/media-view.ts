import type { Upload } from '../store/upload-repository.ts';

/** What clients see of an upload; storage keys stay inside. */
export interface MediaView {
  id: string;
  roomId: string;
  uploaderId: string;
  fileName: string;
  contentType: string;
  kind: string;
  size: number;
  width: number | null;
  height: number | null;
  url: string;
  thumbnailUrl: string | null;
  createdAt: string;
}

export function mediaView(upload: Upload): MediaView {
  return {
    id: upload.id,
    roomId: upload.roomId,
    uploaderId: upload.uploaderId,
    fileName: upload.fileName,
    contentType: upload.contentType,
    kind: upload.kind,
    size: upload.sizeBytes,
    width: upload.width,
    height: upload.height,
    url: `/api/media/${upload.id}`,
    thumbnailUrl: upload.thumbnailKey ? `/api/media/${upload.id}/thumbnail` : null,
    createdAt: upload.createdAt.toISOString(),
  };
}
