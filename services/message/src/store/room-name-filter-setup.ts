import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from '@lynk/common';
import { createRoomNameFilter, isRoomNameFilterLayoutError, type RoomNameFilter } from './room-name-filter.ts';

export const roomNameFilterKey = 'message:room-names:filter';
const bucketSize = 4;
/** Cuckoo filters insert reliably up to ~95% full with 4-slot buckets; size for 90%. */
const targetLoad = 0.9;

function nextPowerOfTwo(value: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(2, value)));
}

/** Buckets for `capacity` names at the target load. */
export function roomNameFilterBucketCount(capacity: number): number {
  return nextPowerOfTwo(capacity / (bucketSize * targetLoad));
}

/**
 * The room-name filter, sized for `capacity` names. If its key is missing (a new or wiped Redis)
 * or was built for another capacity, it is rebuilt from Postgres' live room names first, so it
 * never misses a taken name for long.
 */
export async function roomNameFilterFor(options: { redis: Redis; pool: pg.Pool; logger: Logger; capacity: number }): Promise<RoomNameFilter> {
  const filter = createRoomNameFilter(options.redis, { key: roomNameFilterKey, bucketCount: roomNameFilterBucketCount(options.capacity), bucketSize });
  if (await filter.mightContain('').then(() => false, isRoomNameFilterLayoutError)) {
    options.logger.warn('room name filter was built with another layout; rebuilding it');
    await options.redis.del(roomNameFilterKey);
  }
  if ((await options.redis.exists(roomNameFilterKey)) === 0 && (await options.redis.set(`${roomNameFilterKey}:rebuild`, '1', 'EX', 60, 'NX')) === 'OK') {
    const { rows } = await options.pool.query<{ name_key: string }>('SELECT name_key FROM rooms WHERE deleted_at IS NULL');
    for (const row of rows) await filter.add(row.name_key);
    options.logger.info({ names: rows.length }, 'room name filter rebuilt from Postgres');
  }
  return filter;
}
