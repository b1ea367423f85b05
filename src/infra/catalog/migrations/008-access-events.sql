-- Who read which non-open item through the API, and when: item pages and annotations.
-- community is the item's community when it was read, so its custodians can be shown
-- the reads of their own community's items only.
CREATE TABLE access_events (
  id uuid PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  -- An account id, 'api-token' for the archive's token, or 'public'.
  who text NOT NULL,
  item_id text NOT NULL,
  what text NOT NULL CHECK (what IN ('item', 'annotations', 'media')),
  access_protocol text NOT NULL,
  community text
);
CREATE INDEX access_events_time ON access_events (occurred_at DESC);
CREATE INDEX access_events_community ON access_events (community, occurred_at DESC);
