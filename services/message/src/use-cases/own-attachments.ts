import { messageErrors } from '../domain/message-errors.ts';
import { claimAttachments } from '../store/attachment-repository.ts';
import type { MessageContext } from './message-context.ts';

/** A message may attach only uploads its sender made for this room (media registered them); the ids come back deduplicated, in order. */
export async function requireOwnAttachments(context: MessageContext, senderId: string, roomId: string, uploadIds: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(uploadIds)];
  if (wanted.length === 0) return [];
  const claimed = new Set(await claimAttachments(context.pool, roomId, senderId, wanted));
  const foreign = wanted.filter((id) => !claimed.has(id));
  if (foreign.length > 0) messageErrors.raise('MESSAGE_ATTACHMENT_INVALID', `not your upload in this room: ${foreign.join(', ')}`);
  return wanted;
}
