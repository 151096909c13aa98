/**
 * What deciding and sending a push needs about each person a message concerns, for many rooms at
 * once: their level and mute in that room, hide-content, and their devices' tokens.
 */
import type { Queryable } from '@lynk/common/store';
import type { NotificationLevel } from '../domain/delivery-rules.ts';
import { recipientOf, type RecipientFacts } from '../domain/notification-plan.ts';

/** One query for every (room, person) pair; keyed by `recipientOf(roomId, userId)`. */
export async function recipientProfiles(db: Queryable, pairs: readonly { roomId: string; userId: string }[]): Promise<Map<string, RecipientFacts>> {
  if (pairs.length === 0) return new Map();
  const { rows } = await db.query<{ room_id: string; user_id: string; level: NotificationLevel | null; muted_until: Date | null; hide_content: boolean | null; tokens: string[] | null }>(
    `SELECT u.room_id, u.user_id, p.level, p.muted_until, s.hide_content, d.tokens
     FROM unnest($1::uuid[], $2::uuid[]) AS u(room_id, user_id)
     LEFT JOIN room_preferences p ON p.user_id = u.user_id AND p.room_id = u.room_id
     LEFT JOIN user_settings s ON s.user_id = u.user_id
     LEFT JOIN LATERAL (SELECT array_agg(token ORDER BY device_id) AS tokens FROM devices WHERE devices.user_id = u.user_id) d ON true`,
    [pairs.map((pair) => pair.roomId), pairs.map((pair) => pair.userId)],
  );
  return new Map(
    rows.map((row) => [recipientOf(row.room_id, row.user_id), { ...(row.level ? { level: row.level } : {}), mutedUntil: row.muted_until, hideContent: row.hide_content ?? false, tokens: row.tokens ?? [] }]),
  );
}
