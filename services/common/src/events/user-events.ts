import { z } from 'zod';
import { eventEnvelope } from './event-envelope.ts';

/** Written by auth, keyed by user id. No phone numbers: other services never need them. */
export const userCreatedEvent = eventEnvelope('user.created', z.object({ userId: z.uuid(), displayName: z.string() }));
export const userUpdatedEvent = eventEnvelope('user.updated', z.object({ userId: z.uuid(), displayName: z.string(), avatarMediaId: z.uuid().nullable() }));
/** Every service erases the user's data when it reads this (GDPR). */
export const userDeletedEvent = eventEnvelope('user.deleted', z.object({ userId: z.uuid() }));

export type UserCreatedEvent = z.infer<typeof userCreatedEvent>;
export type UserUpdatedEvent = z.infer<typeof userUpdatedEvent>;
export type UserDeletedEvent = z.infer<typeof userDeletedEvent>;
