/**
 * Collapsing per room: the first message after a quiet spell is pushed at once and opens a window;
 * messages inside the window are counted, and one summary push tells of them when it closes.
 */
import type { Queryable } from '@lynk/common/store';

/**
 * True when this message opens a window (push it now), or opened it before (a redelivery: the
 * delivery claim keeps that from sending twice); false when it was folded into an open window.
 */
export async function openOrFold(db: Queryable, userId: string, roomId: string, messageId: string, windowMs: number): Promise<boolean> {
  const { rows } = await db.query<{ opened: boolean }>(
    `INSERT INTO push_windows (user_id, room_id, window_ends, folded, opened_by, last_message_id)
     VALUES ($1, $2, now() + make_interval(secs => $4::double precision / 1000), 0, $3, $3)
     ON CONFLICT (user_id, room_id) DO UPDATE SET
       folded = CASE
         WHEN push_windows.opened_by = EXCLUDED.opened_by OR push_windows.last_message_id = EXCLUDED.last_message_id THEN push_windows.folded
         WHEN push_windows.window_ends > now() THEN push_windows.folded + 1
         ELSE 0 END,
       opened_by = CASE WHEN push_windows.window_ends > now() THEN push_windows.opened_by ELSE EXCLUDED.opened_by END,
       window_ends = CASE WHEN push_windows.window_ends > now() THEN push_windows.window_ends ELSE EXCLUDED.window_ends END,
       last_message_id = EXCLUDED.last_message_id
     RETURNING (opened_by = $3) AS opened`,
    [userId, roomId, messageId, windowMs],
  );
  return rows[0]?.opened ?? true;
}

export interface ClosedWindow {
  userId: string;
  roomId: string;
  folded: number;
  lastMessageId: string;
}

/** Windows that closed with folded messages, taken (and reset) in one statement so one instance sends each summary. */
export async function takeClosedWindows(db: Queryable, limit: number): Promise<ClosedWindow[]> {
  const { rows } = await db.query<{ user_id: string; room_id: string; folded: number; last_message_id: string }>(
    `WITH due AS (
       SELECT user_id, room_id, folded FROM push_windows WHERE folded > 0 AND window_ends <= now() ORDER BY window_ends LIMIT $1 FOR UPDATE SKIP LOCKED
     )
     UPDATE push_windows w SET folded = 0 FROM due WHERE w.user_id = due.user_id AND w.room_id = due.room_id
     RETURNING w.user_id, w.room_id, due.folded, w.last_message_id`,
    [limit],
  );
  return rows.map((row) => ({ userId: row.user_id, roomId: row.room_id, folded: row.folded, lastMessageId: row.last_message_id }));
}

export async function deleteWindowsOf(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM push_windows WHERE user_id = $1', [userId]);
}
