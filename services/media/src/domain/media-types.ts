/**
 * The allow-list: what may be uploaded, decided from the file's own bytes (never the client's
 * claim), how large each kind may be, and whether a browser may show it inline. Anything not
 * listed (executables, HTML, SVG, scripts, archives that run code) is refused.
 */
const mib = 1024 * 1024;

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'archive' | 'text';

export interface AllowedType {
  mime: string;
  /** The extension the stored file name gets, whatever the client called it. */
  extension: string;
  kind: MediaKind;
  maxBytes: number;
}

const allowed: AllowedType[] = [
  { mime: 'image/jpeg', extension: 'jpg', kind: 'image', maxBytes: 20 * mib },
  { mime: 'image/png', extension: 'png', kind: 'image', maxBytes: 20 * mib },
  { mime: 'image/gif', extension: 'gif', kind: 'image', maxBytes: 20 * mib },
  { mime: 'image/webp', extension: 'webp', kind: 'image', maxBytes: 20 * mib },
  { mime: 'video/mp4', extension: 'mp4', kind: 'video', maxBytes: 1024 * mib },
  { mime: 'video/webm', extension: 'webm', kind: 'video', maxBytes: 1024 * mib },
  { mime: 'video/quicktime', extension: 'mov', kind: 'video', maxBytes: 1024 * mib },
  { mime: 'audio/mpeg', extension: 'mp3', kind: 'audio', maxBytes: 100 * mib },
  { mime: 'audio/ogg', extension: 'ogg', kind: 'audio', maxBytes: 100 * mib },
  { mime: 'audio/wav', extension: 'wav', kind: 'audio', maxBytes: 100 * mib },
  { mime: 'audio/x-m4a', extension: 'm4a', kind: 'audio', maxBytes: 100 * mib },
  { mime: 'application/pdf', extension: 'pdf', kind: 'document', maxBytes: 50 * mib },
  { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', kind: 'document', maxBytes: 50 * mib },
  { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', kind: 'document', maxBytes: 50 * mib },
  { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx', kind: 'document', maxBytes: 50 * mib },
  { mime: 'application/zip', extension: 'zip', kind: 'archive', maxBytes: 200 * mib },
  { mime: 'text/plain', extension: 'txt', kind: 'text', maxBytes: 10 * mib },
];

const byMime = new Map(allowed.map((type) => [type.mime, type]));

export function allowedType(mime: string): AllowedType | undefined {
  return byMime.get(mime);
}

/** The largest upload any type allows: a declared length above it is refused before reading. */
export const largestUploadBytes = Math.max(...allowed.map((type) => type.maxBytes));

/** Images sharp re-encodes (so EXIF, GPS included, is gone) and thumbnails. */
export function isProcessableImage(type: AllowedType): boolean {
  return type.kind === 'image';
}

/** Raster images a browser renders without running anything; the only types served inline. */
const inlineSafe = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

export function isInlineSafe(mime: string): boolean {
  return inlineSafe.has(mime);
}

/** Avatars: small images only, stored resized. */
export const avatarMaxBytes = 5 * mib;
