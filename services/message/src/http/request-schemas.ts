import { z } from 'zod';
import { roomRoles, roomVisibilities } from '@lynk/common/events';
import { maxBodyCharacters } from '../domain/message-body.ts';

const roomName = z.string().trim().min(2).max(64);
const description = z.string().trim().max(500);

export const createRoomBody = z.strictObject({
  name: roomName,
  description: description.default(''),
  visibility: z.enum(roomVisibilities),
  maxMembers: z.number().int().min(2).max(100_000).default(1000),
});
export const updateRoomBody = z
  .strictObject({ name: roomName.optional(), description: description.optional(), visibility: z.enum(roomVisibilities).optional(), maxMembers: z.number().int().min(2).max(100_000).optional() })
  .refine((body) => Object.keys(body).length > 0, 'change at least one field');
export const nameAvailabilityQuery = z.object({ name: roomName });
export const publicRoomsQuery = z.object({ search: z.string().max(64).default(''), cursor: z.string().max(512).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) });
export const userIdBody = z.strictObject({ userId: z.uuid() });
export const roleBody = z.strictObject({ role: z.enum(roomRoles) });
export const banBody = z.strictObject({
  userId: z.uuid(),
  reason: z.string().trim().max(500).default(''),
  /** Seconds until the ban lifts itself; absent means until an unban. */
  durationSeconds: z.number().int().min(1).max(10 * 365 * 24 * 3600).optional(),
});
export const inviteBody = z.strictObject({
  expiresInSeconds: z.number().int().min(1).max(30 * 24 * 3600).default(7 * 24 * 3600),
  maxUses: z.number().int().min(1).max(100_000).default(1),
});
export const membersQuery = z.object({ after: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(100) });
export const historyQuery = z
  .object({ before: z.string().optional(), after: z.string().optional(), limit: z.coerce.number().int().min(1).max(100).default(50) })
  .refine((query) => !(query.before && query.after) || query.before > query.after, 'before must be newer than after');
export const sendMessageBody = z.strictObject({
  clientMsgId: z.string().min(1).max(64).regex(/^[\w-]+$/, 'letters, digits, - and _ only'),
  body: z.string().max(maxBodyCharacters * 4),
  replyTo: z.uuid().optional(),
  attachments: z.array(z.uuid()).max(10).optional(),
});
export const readBody = z.strictObject({ messageId: z.uuid() });
export const editMessageBody = z.strictObject({ body: sendMessageBody.shape.body });
/** Emoji sequences can be long (families, flags with tags), never longer than this. */
export const reactionBody = z.strictObject({ emoji: z.string().min(1).max(64) });
export const threadQuery = z.object({ after: z.string().max(36).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) });
