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
