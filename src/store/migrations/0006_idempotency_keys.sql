-- R35: an Idempotency-Key on a create. The row is inserted first in the transaction that makes
-- the record, and its response filled in before commit, so a committed key always has its
-- record and its response. A concurrent request with the same key waits on the primary key
-- and then replays the committed response (or is refused when its body differs).
CREATE TABLE idempotency_keys (
  actor_id text NOT NULL,
  key text NOT NULL,
  route text NOT NULL,
  request_hash text NOT NULL,
  status integer,
  response jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (actor_id, key)
);
