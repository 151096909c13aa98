import { z } from 'zod';
import { editMessageBody, reactionBody, sendMessageBody, threadQuery } from '../http/request-schemas.ts';

/** Socket payloads share the REST rules, so both doors refuse the same input the same way. */
export const sendMessagePayload = sendMessageBody.extend({ roomId: z.uuid() });
export const directMessagePayload = sendMessageBody.extend({ userId: z.uuid() });
export const historyPayload = z
  .strictObject({ roomId: z.uuid(), before: z.string().max(36).optional(), after: z.string().max(36).optional(), limit: z.number().int().min(1).max(100).default(50) })
  .refine((payload) => !(payload.before && payload.after) || payload.before > payload.after, 'before must be newer than after');
export const readPayload = z.strictObject({ roomId: z.uuid(), messageId: z.uuid() });
export const messageRefPayload = z.strictObject({ roomId: z.uuid(), messageId: z.uuid() });
export const editPayload = editMessageBody.extend({ roomId: z.uuid(), messageId: z.uuid() });
export const reactionPayload = reactionBody.extend({ roomId: z.uuid(), messageId: z.uuid() });
export const threadPayload = z.strictObject({ roomId: z.uuid(), messageId: z.uuid(), after: threadQuery.shape.after, limit: z.number().int().min(1).max(100).default(50) });
export const typingPayload = z.strictObject({ roomId: z.uuid() });
export const presenceSetPayload = z.strictObject({ status: z.enum(['online', 'away']) });
export const presenceQueryPayload = z.strictObject({ userIds: z.array(z.uuid()).min(1).max(200) });
