import { mentionList, parseMentions } from '../domain/mentions.ts';
import { membersAmong } from '../store/member-repository.ts';
import type { MessageContext } from './message-context.ts';

/** The mentions a body makes, keeping only people who are members of the room. */
export async function resolveMentions(context: MessageContext, roomId: string, body: string): Promise<string[]> {
  const parsed = parseMentions(body);
  const members = parsed.userIds.length > 0 ? await membersAmong(context.pool, roomId, parsed.userIds) : [];
  return mentionList(parsed, new Set(members));
}
