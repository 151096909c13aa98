import { z } from 'zod';

/** One push to one device, as the retry topic carries it between attempts. */
export const pushJob = z.object({
  messageId: z.uuid(),
  roomId: z.uuid(),
  userId: z.uuid(),
  token: z.string().min(1),
  title: z.string(),
  body: z.string(),
  kind: z.enum(['message', 'summary']),
  /** 1 for the first try. */
  attempt: z.number().int().min(1),
  /** Epoch ms before which a retry must not be sent. */
  notBefore: z.number().int(),
});

export type PushJob = z.infer<typeof pushJob>;

export const retryTopic = 'notification.retry';
export const deadLetterTopic = 'notification.dead-letter';

/** What the dead-letter topic holds: the job as last tried, and why it was given up. */
export interface DeadLetter {
  job: PushJob;
  reason: string;
  failedAt: string;
}
