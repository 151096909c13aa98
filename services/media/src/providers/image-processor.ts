/**
 * Images are decoded and re-encoded by sharp (libvips). Re-encoding writes no metadata at all, so
 * EXIF (GPS position, camera serials), XMP and IPTC never reach another member; the EXIF
 * orientation is applied to the pixels first, so the picture still stands upright.
 */
import sharp from 'sharp';
import { mediaErrors } from '../domain/media-errors.ts';
import { concurrencyLimit } from './concurrency-limit.ts';

export interface ProcessedImage {
  image: Buffer;
  width: number;
  height: number;
  thumbnail: Buffer;
}

export const thumbnailContentType = 'image/webp';
export const avatarContentType = 'image/webp';

const outputFormat: Record<string, 'jpeg' | 'png' | 'gif' | 'webp'> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp' };

/** Pixel-count guard against decompression bombs; libvips reads the header before any pixel. */
function decoder(input: Buffer, maxPixels: number, animated: boolean) {
  return sharp(input, { limitInputPixels: maxPixels, animated, failOn: 'error' });
}

async function readable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw mediaErrors.create('MEDIA_IMAGE_INVALID', error instanceof Error ? error.message : undefined);
  }
}

export function imageProcessor(options: { maxPixels: number; thumbnailSize: number; avatarSize: number; maxConcurrent: number }) {
  return {
    /**
     * Images are held whole while sharp works on them, so only a few at a time: the others wait
     * here with their request paused (backpressure), not in memory.
     */
    inTurn: concurrencyLimit(options.maxConcurrent),

    /** A clean copy in the same format, its upright dimensions, and a WebP thumbnail. */
    async process(input: Buffer, mime: string): Promise<ProcessedImage> {
      const format = outputFormat[mime];
      if (!format) throw mediaErrors.create('MEDIA_IMAGE_INVALID', `${mime} is not an image sharp re-encodes`);
      // GIF and WebP may be animated: keep every frame. They carry no EXIF orientation to apply.
      const animated = format === 'gif' || format === 'webp';
      return readable(async () => {
        const metadata = await decoder(input, options.maxPixels, animated).metadata();
        const upright = animated ? decoder(input, options.maxPixels, true) : decoder(input, options.maxPixels, false).rotate();
        const { data, info } = await upright.toFormat(format, format === 'jpeg' || format === 'webp' ? { quality: 90 } : {}).toBuffer({ resolveWithObject: true });
        const frames = metadata.pages ?? 1;
        const height = frames > 1 ? (metadata.pageHeight ?? info.height) : info.height;
        const thumbnail = await decoder(input, options.maxPixels, false)
          .rotate()
          .resize(options.thumbnailSize, options.thumbnailSize, { fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 75 })
          .toBuffer();
        return { image: data, width: info.width, height, thumbnail };
      });
    },

    /** A square WebP of the configured size, centred crop. */
    async avatar(input: Buffer): Promise<Buffer> {
      return readable(() => decoder(input, options.maxPixels, false).rotate().resize(options.avatarSize, options.avatarSize, { fit: 'cover' }).webp({ quality: 85 }).toBuffer());
    },
  };
}

export type ImageProcessor = ReturnType<typeof imageProcessor>;
