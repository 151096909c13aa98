/**
 * Cassandra tables of the message service, applied in order by `migrate.ts` with the migrator
 * role. Each statement is idempotent, so a re-run is harmless.
 */
export const messagesSchema: readonly string[] = [
  // One partition per room and time bucket; newest first, so a history page is one slice.
  `CREATE TABLE IF NOT EXISTS messages (
    room_id uuid,
    bucket int,
    id uuid,
    author_id uuid,
    client_msg_id text,
    body text,
    reply_to uuid,
    attachments list<uuid>,
    mentions list<text>,
    created_at timestamp,
    edited_at timestamp,
    deleted_at timestamp,
    PRIMARY KEY ((room_id, bucket), id)
  ) WITH CLUSTERING ORDER BY (id DESC)`,
  // Set in the same batch as a reply, so a history page counts replies only where there are some.
  'ALTER TABLE messages ADD IF NOT EXISTS has_replies boolean',
  // A message's replies, oldest first: the thread under it. The replies themselves stay in messages.
  `CREATE TABLE IF NOT EXISTS thread_replies (
    room_id uuid,
    parent_id uuid,
    id uuid,
    PRIMARY KEY ((room_id, parent_id), id)
  ) WITH CLUSTERING ORDER BY (id ASC)`,
  // One row per person per emoji per message: adding twice is the same write.
  `CREATE TABLE IF NOT EXISTS reactions (
    room_id uuid,
    message_id uuid,
    emoji text,
    user_id uuid,
    reacted_at timestamp,
    PRIMARY KEY ((room_id, message_id), emoji, user_id)
  )`,
  // Where a person wrote and reacted, so erasing a deleted user never scans every room.
  `CREATE TABLE IF NOT EXISTS messages_by_author (
    author_id uuid,
    room_id uuid,
    id uuid,
    PRIMARY KEY (author_id, room_id, id)
  )`,
  `CREATE TABLE IF NOT EXISTS reactions_by_user (
    user_id uuid,
    room_id uuid,
    message_id uuid,
    emoji text,
    PRIMARY KEY (user_id, room_id, message_id, emoji)
  )`,
  // Which buckets of a room hold messages, so history skips empty time without scanning it.
  `CREATE TABLE IF NOT EXISTS room_buckets (
    room_id uuid,
    bucket int,
    PRIMARY KEY (room_id, bucket)
  ) WITH CLUSTERING ORDER BY (bucket DESC)`,
  // Events not yet on Kafka, written in the same logged batch as the message they describe.
  `CREATE TABLE IF NOT EXISTS event_outbox (
    minute int,
    shard int,
    id uuid,
    topic text,
    event_key text,
    payload text,
    trace_context map<text, text>,
    PRIMARY KEY ((minute, shard), id)
  ) WITH gc_grace_seconds = 3600`,
  // How far the outbox relay has swept: minutes before this one are empty.
  `CREATE TABLE IF NOT EXISTS outbox_progress (
    name text PRIMARY KEY,
    swept_before_minute int
  )`,
];
