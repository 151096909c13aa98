-- Rooms, membership, bans and invites of the message service. Messages live in Cassandra.

CREATE TABLE rooms (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  -- normalised name (services/message/src/domain/room-name.ts): one live room per name
  name_key text NOT NULL,
  description text NOT NULL DEFAULT '',
  visibility text NOT NULL CHECK (visibility IN ('public', 'private', 'invite-only')),
  max_members integer NOT NULL CHECK (max_members > 0),
  member_count integer NOT NULL DEFAULT 0 CHECK (member_count >= 0),
  -- fixed at creation so later config changes never move where a room's history lives
  bucket_seconds integer NOT NULL CHECK (bucket_seconds > 0),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE UNIQUE INDEX rooms_live_name ON rooms (name_key) WHERE deleted_at IS NULL;
CREATE INDEX rooms_public_by_name ON rooms (name_key, id) WHERE deleted_at IS NULL AND visibility = 'public';

CREATE TABLE room_members (
  room_id uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'moderator', 'member')),
  joined_at timestamptz NOT NULL DEFAULT now(),
  -- read pointer: the newest message id this member has read in the room
  last_read_message_id uuid,
  PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_members_by_user ON room_members (user_id);

CREATE TABLE room_bans (
  room_id uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  banned_by uuid NOT NULL,
  reason text NOT NULL DEFAULT '',
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (room_id, user_id)
);

CREATE TABLE room_invites (
  id uuid PRIMARY KEY,
  room_id uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  code text NOT NULL UNIQUE,
  created_by uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  max_uses integer NOT NULL CHECK (max_uses > 0),
  uses integer NOT NULL DEFAULT 0,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX room_invites_by_room ON room_invites (room_id);

-- Transactional outbox for room.* events (services/common/src/events/outbox.ts).
CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  topic text NOT NULL,
  key text NOT NULL,
  payload jsonb NOT NULL,
  trace_context jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
