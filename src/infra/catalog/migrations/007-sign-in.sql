-- Browser sessions and personal API tokens. Neither holds a secret in clear: each row
-- holds the sha256 of the random secret its holder keeps. account_id is not a foreign
-- key: the account rows are rewritten whole after every change to the people object,
-- and a session must outlive that; the account is looked up (and must be enabled) on
-- every request instead.
CREATE TABLE sessions (
  secret_sha256 text PRIMARY KEY,
  account_id text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  name text NOT NULL,
  scope text NOT NULL CHECK (scope IN ('read', 'write')),
  secret_sha256 text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  -- NULL: never expires.
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_tokens_account ON api_tokens (account_id, created_at);
