-- Joins and leaves arrive on different topics, so a quick join-then-leave can be read leave first,
-- and a redelivered join can come after a leave. Each membership row remembers the event that last
-- changed it (event ids are UUIDv7, ordered by time), and a leave keeps its row as a tombstone,
-- so an older event never undoes a newer one.
ALTER TABLE room_members ADD COLUMN present boolean NOT NULL DEFAULT true;
ALTER TABLE room_members ADD COLUMN changed_by uuid;
