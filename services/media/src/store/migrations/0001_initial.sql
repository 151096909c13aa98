-- Up Migration
-- Uploads and avatars of the media service. The bytes live in S3; these rows say whose they are.

CREATE TABLE uploads (
  -- UUIDv7, also the object key: it says nothing about the file, its name or its uploader
  id uuid PRIMARY KEY,
  room_id uuid NOT NULL,
  uploader_id uuid NOT NULL,
  -- 'receiving' until every byte is in S3, so a crashed upload is found and cleaned up
  status text NOT NULL CHECK (status IN ('receiving', 'stored')),
  file_name text NOT NULL,
  -- detected from the bytes, never the client's claim
  content_type text NOT NULL,
  kind text NOT NULL,
  size_bytes bigint NOT NULL DEFAULT 0,
  width integer,
  height integer,
  object_key text NOT NULL,
  thumbnail_key text,
  -- true once message confirmed a message references the upload: never an orphan again
  in_use boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX uploads_by_uploader ON uploads (uploader_id);
CREATE INDEX uploads_orphan_candidates ON uploads (created_at) WHERE NOT in_use;

CREATE TABLE avatars (
  owner_kind text NOT NULL CHECK (owner_kind IN ('user', 'room')),
  owner_id uuid NOT NULL,
  object_key text NOT NULL,
  -- who set it; cleared when that person's account is erased
  set_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner_kind, owner_id)
);
CREATE INDEX avatars_by_setter ON avatars (set_by);
