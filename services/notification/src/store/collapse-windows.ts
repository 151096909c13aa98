/**
 * Collapsing per room: the first message after a quiet spell is pushed at once and opens a window;
 * messages inside the window are counted, and one summary push tells of them when it closes.
 */
import type { Queryable } from '@lynk/common/store';

export interface WindowEntry {
  userId: string;
  roomId: string;
  messageId: string;
}

/**
 * Applies a run of messages (in the order they were published) to each person's window of their
 * room, in one statement, as if one after another: a message opens a window when none is open
 * (push it now), later ones fold into it, and each window says which message opened it. Returns
 * the entries to push: the openers, which includes a redelivered opener (the delivery claim keeps
 * it from sending twice). A redelivered message that was the last one folded is not counted again.
 */
export async function openOrFold<Entry extends WindowEntry>(db: Queryable, entries: readonly Entry[], windowMs: number): Promise<Entry[]> {
  // Without a window every message is pushed, and nothing is ever folded.
  if (entries.length === 0 || windowMs === 0) return [...entries];
  const { rows } = await db.query<{ user_id: string; room_id: string; opened_by: string }>(
    `WITH runs AS (
       SELECT user_id, room_id, array_agg(message_id ORDER BY position) AS ids
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) WITH ORDINALITY AS t(user_id, room_id, message_id, position)
       GROUP BY user_id, room_id
     )
     INSERT INTO push_windows AS w (user_id, room_id, window_ends, folded, opened_by, last_message_id)
     SELECT user_id, room_id, now() + make_interval(secs => $4::double precision / 1000),
       (SELECT count(*) FROM unnest(ids) WITH ORDINALITY AS x(id, n) WHERE n > 1 AND x.id <> ids[1] AND x.id <> ids[n - 1]),
       ids[1], ids[cardinality(ids)]
     FROM runs
     ON CONFLICT (user_id, room_id) DO UPDATE SET
       -- the run's first message meets the window as it is; every later one finds it open
       folded = CASE
           WHEN w.opened_by = EXCLUDED.opened_by OR w.last_message_id = EXCLUDED.opened_by THEN w.folded
           WHEN w.window_ends > now() THEN w.folded + 1
           ELSE 0 END
         + (SELECT count(*) FROM runs r, unnest(r.ids) WITH ORDINALITY AS x(id, n)
            WHERE r.user_id = w.user_id AND r.room_id = w.room_id AND n > 1 AND x.id <> r.ids[n - 1]
              AND x.id <> CASE WHEN w.window_ends > now() THEN w.opened_by ELSE r.ids[1] END),
       opened_by = CASE WHEN w.window_ends > now() THEN w.opened_by ELSE EXCLUDED.opened_by END,
       window_ends = CASE WHEN w.window_ends > now() THEN w.window_ends ELSE EXCLUDED.window_ends END,
       last_message_id = EXCLUDED.last_message_id
     RETURNING w.user_id, w.room_id, w.opened_by`,
    [entries.map((entry) => entry.userId), entries.map((entry) => entry.roomId), entries.map((entry) => entry.messageId), windowMs],
  );
  const openedBy = new Map(rows.map((row) => [`${row.user_id}/${row.room_id}`, row.opened_by]));
  return entries.filter((entry) => openedBy.get(`${entry.userId}/${entry.roomId}`) === entry.messageId);
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
