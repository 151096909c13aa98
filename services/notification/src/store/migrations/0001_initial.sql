-- Devices, preferences, the in-app feed and push bookkeeping of the notification service.

-- One push token per device of a user. A token belongs to one device at a time: registering it
-- again (another account on the same phone) moves it.
CREATE TABLE devices (
  user_id uuid NOT NULL,
  device_id text NOT NULL,
  token text NOT NULL UNIQUE,
  platform text NOT NULL CHECK (platform IN ('android', 'ios', 'web')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, device_id)
);

CREATE TABLE user_settings (
  user_id uuid PRIMARY KEY,
  -- pushes say "New message" instead of showing the words
  hide_content boolean NOT NULL DEFAULT false
);

CREATE TABLE room_preferences (
  user_id uuid NOT NULL,
  room_id uuid NOT NULL,
  level text NOT NULL CHECK (level IN ('all', 'mentions', 'none')),
  muted_until timestamptz,
  PRIMARY KEY (user_id, room_id)
);

-- Who is in which room, projected from room.* events (message owns the truth).
CREATE TABLE rooms (
  room_id uuid PRIMARY KEY,
  kind text NOT NULL DEFAULT 'group' CHECK (kind IN ('group', 'direct')),
  deleted boolean NOT NULL DEFAULT false
);
CREATE TABLE room_members (
  room_id uuid NOT NULL,
  user_id uuid NOT NULL,
  PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_members_by_user ON room_members (user_id);

-- The in-app feed: mentions and direct messages, one entry per person and message.
CREATE TABLE feed_items (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  room_id uuid NOT NULL,
  message_id uuid NOT NULL,
  author_id uuid NOT NULL,
  reason text NOT NULL CHECK (reason IN ('mention', 'direct')),
  preview text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  UNIQUE (user_id, message_id)
);
CREATE INDEX feed_items_by_user ON feed_items (user_id, id DESC);
CREATE INDEX feed_items_unread ON feed_items (user_id) WHERE read_at IS NULL;
CREATE INDEX feed_items_by_message ON feed_items (message_id);

-- One row per message and device: the claim that makes a redelivered event send nothing twice.
CREATE TABLE push_deliveries (
  message_id uuid NOT NULL,
  token text NOT NULL,
  user_id uuid NOT NULL,
  state text NOT NULL CHECK (state IN ('sending', 'sent', 'retrying', 'dead', 'pruned')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, token)
);
CREATE INDEX push_deliveries_by_user ON push_deliveries (user_id);

-- Collapse: after a push for (user, room), further messages until window_ends are counted and
-- later sent as one summary.
CREATE TABLE push_windows (
  user_id uuid NOT NULL,
  room_id uuid NOT NULL,
  window_ends timestamptz NOT NULL,
  folded integer NOT NULL DEFAULT 0,
  -- the message whose push opened the window: redelivering it pushes (idempotently) again
  opened_by uuid NOT NULL,
  last_message_id uuid NOT NULL,
  PRIMARY KEY (user_id, room_id)
);
CREATE INDEX push_windows_due ON push_windows (window_ends) WHERE folded > 0;
