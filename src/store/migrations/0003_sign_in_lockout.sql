-- Lockout after repeated failed sign-ins (CJIS 5.5.3, security.md R4): the failures within the
-- window are counted; the account stays locked until an administrator unlocks it.
ALTER TABLE users ADD COLUMN locked_at timestamptz;

CREATE TABLE sign_in_failures (
  user_id uuid NOT NULL REFERENCES users (user_id),
  failure_id bigint GENERATED ALWAYS AS IDENTITY,
  failed_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, failure_id)
);
