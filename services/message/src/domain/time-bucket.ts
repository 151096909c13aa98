/**
 * Messages are partitioned by (room, time bucket) so a busy room never grows one unbounded
 * Cassandra partition. The bucket comes from the UUIDv7's own timestamp, so an id alone says
 * where its message lives.
 */

/** Milliseconds since the epoch encoded in the first 48 bits of a UUIDv7. */
export function uuidv7Time(id: string): number {
  return parseInt(id.replaceAll('-', '').slice(0, 12), 16);
}

export function bucketOfTime(epochMs: number, bucketSeconds: number): number {
  return Math.floor(epochMs / (bucketSeconds * 1000));
}

export function bucketOfMessage(messageId: string, bucketSeconds: number): number {
  return bucketOfTime(uuidv7Time(messageId), bucketSeconds);
}

const uuidv7Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuidV7(value: string): boolean {
  return uuidv7Pattern.test(value);
}
