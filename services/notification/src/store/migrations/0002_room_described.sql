-- A room row can exist before its room.created event (a join arrived first, on another topic):
-- until `described`, its kind is a guess.
ALTER TABLE rooms ADD COLUMN described boolean NOT NULL DEFAULT false;
UPDATE rooms SET described = true;
