-- People of the archive: accounts, communities and grants, mirrored from the people
-- object (`urn:heritage:people`) after each change and rebuilt from it by `heritage
-- reindex`. The object is the record; these rows let requests find a person quickly.
CREATE TABLE accounts (
  id text PRIMARY KEY,
  name text NOT NULL,
  -- argon2id, PHC string form.
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  language text NOT NULL CHECK (language IN ('vi', 'en')),
  -- Version of the people object these rows describe.
  object_version text NOT NULL
);

CREATE TABLE communities (
  id text PRIMARY KEY,
  name text NOT NULL
);

-- One row per grant held. target_kind and target are '' for admin, which has no target;
-- a collection or item target is not a foreign key: reindex may bring grants back first.
CREATE TABLE account_grants (
  account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin', 'archivist', 'custodian', 'member', 'researcher')),
  target_kind text NOT NULL CHECK (target_kind IN ('', 'collection', 'community', 'item')),
  target text NOT NULL,
  -- The grant as the domain schema has it.
  document jsonb NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (account_id, role, target_kind, target)
);

CREATE TABLE people_events (
  id uuid PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  agent text NOT NULL,
  action text NOT NULL,
  subject text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX people_events_subject ON people_events (subject, occurred_at);
