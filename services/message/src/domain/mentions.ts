/**
 * Mentions are parsed on the server, so clients cannot claim to mention someone they did not.
 * Users are mentioned as `<@user-id>` (ids are stable; display names are neither unique nor
 * owned by this service), and the whole room as `@room` (everyone) or `@here` (everyone online).
 * The list holds user ids, then `room` and `here` when present.
 */
export const roomMention = 'room';
export const hereMention = 'here';

const userMention = /<@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/gu;
// `@room` / `@here` as whole words: not inside an address like a@room.com or a word like @roomy.
const broadcastMention = /(?<![\w@.])@(room|here)(?![\w@-]|\.\w)/gu;

/** Where a user mention may still be dropped: only members of the room can be mentioned. */
export interface ParsedMentions {
  userIds: string[];
  room: boolean;
  here: boolean;
}

export function parseMentions(body: string): ParsedMentions {
  const userIds = [...new Set([...body.matchAll(userMention)].map((match) => match[1]!.toLowerCase()))];
  const broadcasts = new Set([...body.matchAll(broadcastMention)].map((match) => match[1]));
  return { userIds, room: broadcasts.has('room'), here: broadcasts.has('here') };
}

/** The stored and published form: member ids first, then the room-wide mentions. */
export function mentionList(parsed: ParsedMentions, members: ReadonlySet<string>): string[] {
  return [...parsed.userIds.filter((id) => members.has(id)), ...(parsed.room ? [roomMention] : []), ...(parsed.here ? [hereMention] : [])];
}
