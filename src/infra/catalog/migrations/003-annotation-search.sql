-- Annotations searchable by time range, recording, scan page and language, and
-- collection vocabularies. An annotation id is derived from its content, so two items
-- can hold the same id (a note copied between items): ids are unique per item.
ALTER TABLE annotations DROP CONSTRAINT annotations_supersedes_fkey;
ALTER TABLE annotations DROP CONSTRAINT annotations_pkey;
ALTER TABLE annotations ADD PRIMARY KEY (item_id, id);
ALTER TABLE annotations
  ADD CONSTRAINT annotations_supersedes_fkey FOREIGN KEY (item_id, supersedes)
  REFERENCES annotations (item_id, id) DEFERRABLE INITIALLY DEFERRED;
-- Deleting an item's rows checks this key for every row: without an index on the
-- referencing columns that is a scan per row.
CREATE INDEX annotations_supersedes_idx ON annotations (item_id, supersedes)
  WHERE supersedes IS NOT NULL;

-- Copied out of `anchor` so that a time range or a page is an indexed comparison.
-- superseded_by is NULL for the current version of an annotation.
ALTER TABLE annotations
  ADD COLUMN asset_path text,
  ADD COLUMN start_ms integer,
  ADD COLUMN end_ms integer,
  ADD COLUMN page integer,
  ADD COLUMN language text,
  ADD COLUMN superseded_by text;
CREATE INDEX annotations_time_idx ON annotations (asset_path, start_ms, end_ms)
  WHERE start_ms IS NOT NULL;
CREATE INDEX annotations_current_idx ON annotations (item_id, type) WHERE superseded_by IS NULL;

-- A collection's controlled vocabulary, mirrored from its vocabulary object in storage.
-- No foreign key: a vocabulary may be imported before the collection's first item.
CREATE TABLE vocabularies (
  collection_id text PRIMARY KEY,
  vocabulary_id text NOT NULL,
  object_version text NOT NULL,
  document jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
