import { z } from 'zod';
import { eventEnvelope } from './event-envelope.ts';

export const roomVisibilities = ['public', 'private', 'invite-only'] as const;
export const roomRoles = ['owner', 'admin', 'moderator', 'member'] as const;

export const roomKinds = ['group', 'direct'] as const;

const roomFields = {
  roomId: z.uuid(),
  /** `direct`: a conversation of two people, which notifies by default. */
  kind: z.enum(roomKinds).default('group'),
  name: z.string(),
  description: z.string(),
  visibility: z.enum(roomVisibilities),
  maxMembers: z.number().int(),
};

/** Written by message, keyed by room id, so a room's events stay in order. */
export const roomCreatedEvent = eventEnvelope('room.created', z.object({ ...roomFields, ownerId: z.uuid() }));
export const roomUpdatedEvent = eventEnvelope('room.updated', z.object({ ...roomFields, actorId: z.uuid() }));
export const roomDeletedEvent = eventEnvelope('room.deleted', z.object({ roomId: z.uuid(), actorId: z.uuid() }));
export const roomMemberJoinedEvent = eventEnvelope(
  'room.member.joined',
  z.object({ roomId: z.uuid(), userId: z.uuid(), role: z.enum(roomRoles), via: z.enum(['created', 'joined', 'invite', 'added']), actorId: z.uuid() }),
);
export const roomMemberLeftEvent = eventEnvelope(
  'room.member.left',
  z.object({ roomId: z.uuid(), userId: z.uuid(), reason: z.enum(['left', 'removed', 'kicked', 'banned', 'room-deleted', 'user-deleted']), actorId: z.uuid() }),
);
export const roomMemberUpdatedEvent = eventEnvelope('room.member.updated', z.object({ roomId: z.uuid(), userId: z.uuid(), role: z.enum(roomRoles), actorId: z.uuid() }));
export const roomMemberBannedEvent = eventEnvelope(
  'room.member.banned',
  z.object({ roomId: z.uuid(), userId: z.uuid(), expiresAt: z.iso.datetime().nullable(), actorId: z.uuid() }),
);
export const roomMemberUnbannedEvent = eventEnvelope('room.member.unbanned', z.object({ roomId: z.uuid(), userId: z.uuid(), actorId: z.uuid() }));

export type RoomVisibility = (typeof roomVisibilities)[number];
export type RoomRole = (typeof roomRoles)[number];
export type RoomCreatedEvent = z.infer<typeof roomCreatedEvent>;
export type RoomUpdatedEvent = z.infer<typeof roomUpdatedEvent>;
export type RoomDeletedEvent = z.infer<typeof roomDeletedEvent>;
export type RoomMemberJoinedEvent = z.infer<typeof roomMemberJoinedEvent>;
export type RoomMemberLeftEvent = z.infer<typeof roomMemberLeftEvent>;
export type RoomMemberUpdatedEvent = z.infer<typeof roomMemberUpdatedEvent>;
export type RoomMemberBannedEvent = z.infer<typeof roomMemberBannedEvent>;
export type RoomMemberUnbannedEvent = z.infer<typeof roomMemberUnbannedEvent>;
