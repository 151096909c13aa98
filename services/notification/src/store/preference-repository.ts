import type { Queryable } from '@lynk/common/store';
import type { NotificationLevel } from '../domain/delivery-rules.ts';

export interface RoomPreference {
  roomId: string;
  level: NotificationLevel;
  mutedUntil: Date | null;
}

export async function setRoomPreference(db: Queryable, userId: string, preference: RoomPreference): Promise<void> {
  await db.query(
    `INSERT INTO room_preferences (user_id, room_id, level, muted_until) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id, room_id) DO UPDATE SET level = EXCLUDED.level, muted_until = EXCLUDED.muted_until`,
    [userId, preference.roomId, preference.level, preference.mutedUntil],
  );
}

export async function roomPreference(db: Queryable, userId: string, roomId: string): Promise<RoomPreference | undefined> {
  const { rows } = await db.query<{ level: NotificationLevel; muted_until: Date | null }>('SELECT level, muted_until FROM room_preferences WHERE user_id = $1 AND room_id = $2', [userId, roomId]);
  return rows[0] ? { roomId, level: rows[0].level, mutedUntil: rows[0].muted_until } : undefined;
}

export async function setHideContent(db: Queryable, userId: string, hideContent: boolean): Promise<void> {
  await db.query('INSERT INTO user_settings (user_id, hide_content) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET hide_content = EXCLUDED.hide_content', [userId, hideContent]);
}

export async function hideContentOf(db: Queryable, userId: string): Promise<boolean> {
  const { rows } = await db.query<{ hide_content: boolean }>('SELECT hide_content FROM user_settings WHERE user_id = $1', [userId]);
  return rows[0]?.hide_content ?? false;
}
