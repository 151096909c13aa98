import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';

/**
 * Every Kafka event: `type` is also its topic, `id` a UUIDv7 consumers de-duplicate on,
 * `key` (room or user id) orders events per entity across partitions.
 */
export function eventEnvelope<Type extends string, Data extends z.ZodType>(type: Type, data: Data) {
  return z.object({
    type: z.literal(type),
    version: z.literal(1),
    id: z.uuid(),
    occurredAt: z.iso.datetime(),
    data,
  });
}

export interface LynkEvent<Type extends string = string, Data = unknown> {
  type: Type;
  version: 1;
  id: string;
  occurredAt: string;
  data: Data;
}

export function createEvent<Type extends string, Data>(type: Type, data: Data, now = new Date()): LynkEvent<Type, Data> {
  return { type, version: 1, id: uuidv7(), occurredAt: now.toISOString(), data };
}
