import { z } from 'zod';
import { eventEnvelope } from './event-envelope.ts';

/** Written by message after the message is durably stored, keyed by room id. */
export const messageCreatedEvent = eventEnvelope(
  'message.created',
  z.object({
    messageId: z.uuid(),
    roomId: z.uuid(),
    authorId: z.uuid(),
    body: z.string(),
    replyTo: z.uuid().nullable(),
    attachments: z.array(z.uuid()),
    mentions: z.array(z.string()),
    createdAt: z.iso.datetime(),
  }),
);

export type MessageCreatedEvent = z.infer<typeof messageCreatedEvent>;

/** An author changed a message's body; keyed by room id. */
export const messageUpdatedEvent = eventEnvelope(
  'message.updated',
  z.object({ messageId: z.uuid(), roomId: z.uuid(), authorId: z.uuid(), body: z.string(), mentions: z.array(z.string()), editedAt: z.iso.datetime() }),
);

/** A message became a tombstone: deleted by its author or a moderator, or erased with its author. */
export const messageDeletedEvent = eventEnvelope(
  'message.deleted',
  z.object({ messageId: z.uuid(), roomId: z.uuid(), authorId: z.uuid(), actorId: z.uuid(), reason: z.enum(['deleted', 'author-erased']), deletedAt: z.iso.datetime() }),
);

/** Someone added or removed a reaction; keyed by room id. */
export const messageReactionEvent = eventEnvelope(
  'message.reaction',
  z.object({ messageId: z.uuid(), roomId: z.uuid(), userId: z.uuid(), emoji: z.string(), added: z.boolean() }),
);

export type MessageUpdatedEvent = z.infer<typeof messageUpdatedEvent>;
export type MessageDeletedEvent = z.infer<typeof messageDeletedEvent>;
export type MessageReactionEvent = z.infer<typeof messageReactionEvent>;
