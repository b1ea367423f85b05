-- The catalog: an index of the OCFL objects in storage, rebuilt from them by
-- `heritage reindex`. Ids are text (they come from manifests and object ids).
-- Columns named search_text hold foldForSearch() output (src/catalog/search-text.ts),
-- searched with LIKE: portable to PGlite, which has no pg_trgm loaded by default.

CREATE TABLE collections (
  id text PRIMARY KEY,
  title text NOT NULL,
  community text,
  languages text[] NOT NULL DEFAULT '{}',
  licence text,
  default_access text NOT NULL
    CHECK (default_access IN ('open', 'community', 'restricted', 'secret-sacred')),
  depositor text,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE items (
  id text PRIMARY KEY,
  collection_id text NOT NULL REFERENCES collections (id),
  title text NOT NULL,
  date_text text,
  place text,
  genre text,
  languages text[] NOT NULL DEFAULT '{}',
  access_protocol text NOT NULL
    CHECK (access_protocol IN ('open', 'community', 'restricted', 'secret-sacred')),
  tk_labels text[] NOT NULL DEFAULT '{}',
  -- NULL: no consent record has been given for this item yet.
  consent jsonb,
  licence text,
  -- The whole item record, as validated by the domain schema.
  metadata jsonb NOT NULL DEFAULT '{}',
  -- OCFL version (v1, v2, ...) that these rows describe.
  object_version text,
  -- e.g. ingested, processing, ready, failed; left open for new pipeline states.
  status text NOT NULL DEFAULT 'ingested',
  status_detail text,
  search_text text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX items_collection_id_idx ON items (collection_id);
CREATE INDEX items_status_idx ON items (status);

CREATE TABLE assets (
  item_id text NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  logical_path text NOT NULL,
  role text NOT NULL,
  original_name text,
  media_type text,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL CHECK (size >= 0),
  technical jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (item_id, logical_path)
);

-- PREMIS-like history. item_id is NULL for events about no single item (an export).
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  item_id text REFERENCES items (id) ON DELETE CASCADE,
  type text NOT NULL,
  outcome text NOT NULL,
  agent text NOT NULL,
  detail text,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX events_item_id_idx ON events (item_id, occurred_at);

-- One row per pipeline step and asset; asset_path is '' for steps on the whole item.
CREATE TABLE step_results (
  item_id text NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  step text NOT NULL,
  asset_path text NOT NULL DEFAULT '',
  status text NOT NULL CHECK (status IN ('done', 'failed', 'unavailable', 'skipped')),
  detail text,
  result jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_id, step, asset_path)
);

CREATE TABLE ocr_pages (
  item_id text NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  asset_path text NOT NULL,
  page integer NOT NULL CHECK (page >= 1),
  text text NOT NULL,
  corrected_text text,
  mean_confidence real CHECK (mean_confidence BETWEEN 0 AND 100),
  needs_review boolean NOT NULL DEFAULT false,
  search_text text NOT NULL DEFAULT '',
  PRIMARY KEY (item_id, asset_path, page)
);

-- Edits never overwrite: a new row supersedes the old one. The reference is checked
-- at commit, so a history can be loaded in any order inside one transaction.
CREATE TABLE annotations (
  id text PRIMARY KEY,
  item_id text NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (
    type IN ('transcription', 'translation', 'gloss', 'ritual', 'symbol', 'note', 'correction')
  ),
  value text NOT NULL,
  terms text[] NOT NULL DEFAULT '{}',
  anchor jsonb NOT NULL,
  author text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  supersedes text REFERENCES annotations (id) DEFERRABLE INITIALLY DEFERRED,
  search_text text NOT NULL DEFAULT ''
);
CREATE INDEX annotations_item_id_idx ON annotations (item_id);
CREATE INDEX annotations_type_idx ON annotations (type);
CREATE INDEX annotations_terms_idx ON annotations USING gin (terms);

-- Files an ingest refused, with why.
CREATE TABLE quarantine (
  id bigserial PRIMARY KEY,
  batch text NOT NULL,
  file_path text NOT NULL,
  reason text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quarantine_batch_idx ON quarantine (batch);
