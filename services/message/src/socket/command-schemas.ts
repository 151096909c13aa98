import { z } from 'zod';
import { sendMessageBody } from '../http/request-schemas.ts';

/** Socket payloads share the REST rules, so both doors refuse the same input the same way. */
export const sendMessagePayload = sendMessageBody.extend({ roomId: z.uuid() });
export const historyPayload = z
  .strictObject({ roomId: z.uuid(), before: z.string().max(36).optional(), after: z.string().max(36).optional(), limit: z.number().int().min(1).max(100).default(50) })
  .refine((payload) => !(payload.before && payload.after) || payload.before > payload.after, 'before must be newer than after');
export const readPayload = z.strictObject({ roomId: z.uuid(), messageId: z.uuid() });
