-- Secrets of dataset exports (the speaker pseudonym salt), made on first use. They
-- stay out of the archive objects, which are published with every copy of them, and
-- `heritage reindex` leaves this table alone: a new salt would change every pseudonym.
CREATE TABLE export_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
