import type pg from 'pg';
import type { Logger } from '@lynk/common';
import type { MediaConfig } from '../config.ts';
import type { ImageProcessor } from '../providers/image-processor.ts';
import type { MessageRooms } from '../providers/message-rooms.ts';
import type { ObjectStore } from '../store/object-store.ts';

/** Everything the use cases need, built once by the composition root. */
export interface MediaContext {
  config: MediaConfig;
  pool: pg.Pool;
  logger: Logger;
  objects: ObjectStore;
  rooms: MessageRooms;
  images: ImageProcessor;
}
