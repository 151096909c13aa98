import type { PresenceStatus } from '../domain/presence-status.ts';
import { usersSharingARoom } from '../store/member-repository.ts';
import type { MessageContext } from './message-context.ts';

/** Presence of the asked-for people who share a room or conversation with the asker; nobody else's. */
export async function presenceOf(context: MessageContext, askerId: string, userIds: readonly string[]): Promise<{ userId: string; status: PresenceStatus }[]> {
  const visible = await usersSharingARoom(context.pool, askerId, [...new Set(userIds)]);
  const statuses = await context.presence.statuses(visible);
  return visible.map((userId) => ({ userId, status: statuses.get(userId) ?? 'offline' }));
}
