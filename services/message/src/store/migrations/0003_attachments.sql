-- Uploads media registered (POST /internal/uploads). message:send accepts an attachment id only
-- if it is here, for the same room and the same uploader.

CREATE TABLE attachments (
  upload_id uuid PRIMARY KEY,
  room_id uuid NOT NULL,
  uploader_id uuid NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  -- set by the first message that attaches it; media's orphan cleanup releases only unreferenced uploads
  referenced_at timestamptz
);
CREATE INDEX attachments_by_uploader ON attachments (uploader_id);
