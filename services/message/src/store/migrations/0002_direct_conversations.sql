-- Direct conversations are rooms of kind 'direct' with exactly two members, one per pair of people.

ALTER TABLE rooms ADD COLUMN kind text NOT NULL DEFAULT 'group' CHECK (kind IN ('group', 'direct'));

CREATE TABLE direct_conversations (
  -- the pair, ordered, so (a, b) and (b, a) are the same row: one conversation per pair, race or not
  user_low uuid NOT NULL,
  user_high uuid NOT NULL,
  room_id uuid NOT NULL UNIQUE REFERENCES rooms (id) DEFERRABLE INITIALLY DEFERRED,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_low, user_high),
  CHECK (user_low < user_high)
);

CREATE TABLE user_blocks (
  blocker_id uuid NOT NULL,
  blocked_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (blocker_id, blocked_id),
  CHECK (blocker_id <> blocked_id)
);
CREATE INDEX user_blocks_by_blocked ON user_blocks (blocked_id);
