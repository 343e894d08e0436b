-- Foundation: migrations ledger, audit chain, accounts and sessions, and the 287(g) agreements registry.
-- SQL kept to what PostgreSQL 15 (Debian) and 18 (PGlite) both run.

CREATE TABLE audit_head (
  id smallint PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

-- One row per audited event, in the same transaction as the change it records.
-- hash = sha256(prev_hash || canonical JSON of the row); see src/store/audit.ts.
CREATE TABLE audit_events (
  seq bigint PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  occurred_at timestamptz NOT NULL,
  type text NOT NULL,
  actor_id text NOT NULL,
  actor_role text,
  agency_id uuid,
  outcome text NOT NULL CHECK (outcome IN ('succeeded', 'denied', 'failed')),
  resource_type text,
  resource_id text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_events_type_idx ON audit_events (type, occurred_at);

CREATE TABLE users (
  user_id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('lea_officer', 'lea_admin', 'ice_supervisor', 'program_office', 'inspector', 'auditor')),
  agency_id uuid,
  password_hash text NOT NULL,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL
);

-- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (user_id),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Registry --------------------------------------------------------------------------------

CREATE TABLE agencies (
  agency_id uuid PRIMARY KEY,
  state text NOT NULL,
  name text NOT NULL,
  agency_type text,
  county text,
  created_at timestamptz NOT NULL
);
CREATE INDEX agencies_state_name_idx ON agencies (state, name);

-- Every spelling of an agency's name resolves through its normalised key (domain/registry.ts agencyKey).
CREATE TABLE agency_keys (
  agency_id uuid NOT NULL REFERENCES agencies (agency_id),
  state text NOT NULL,
  name_key text NOT NULL,
  PRIMARY KEY (agency_id, name_key),
  UNIQUE (state, name_key)
);

-- One imported ICE list (participating or pending) as of one date.
CREATE TABLE list_snapshots (
  snapshot_id uuid PRIMARY KEY,
  list text NOT NULL CHECK (list IN ('participating', 'pending')),
  snapshot_date date NOT NULL,
  source_file text NOT NULL,
  format text NOT NULL,
  columns text[] NOT NULL,
  content_hash text NOT NULL,
  row_count integer NOT NULL,
  imported_at timestamptz NOT NULL,
  imported_by text NOT NULL,
  UNIQUE (list, snapshot_date)
);

-- The rows of a snapshot exactly as published (normalised values, raw values kept where they differ).
CREATE TABLE snapshot_rows (
  agency_id uuid NOT NULL REFERENCES agencies (agency_id),
  snapshot_id uuid NOT NULL REFERENCES list_snapshots (snapshot_id),
  row_number integer NOT NULL,
  state text NOT NULL,
  agency_name text NOT NULL,
  agency_type text,
  county text,
  model text NOT NULL CHECK (model IN ('JEM', 'WSO', 'TFM')),
  model_raw text NOT NULL,
  signed_raw text,
  signed_date date,
  moa_url text,
  addendum_url text,
  flags text[] NOT NULL,
  PRIMARY KEY (agency_id, snapshot_id, row_number)
);
CREATE INDEX snapshot_rows_snapshot_idx ON snapshot_rows (snapshot_id, model, state);

-- Agreements derived from the snapshots: one per agency, model and signed date (participating),
-- or per agency and model (pending). Re-derived after every import; ids are stable.
CREATE TABLE agreements (
  agency_id uuid NOT NULL REFERENCES agencies (agency_id),
  agreement_id uuid NOT NULL UNIQUE,
  list text NOT NULL CHECK (list IN ('participating', 'pending')),
  model text NOT NULL CHECK (model IN ('JEM', 'WSO', 'TFM')),
  signed_key text NOT NULL,
  signed_date date,
  signed_raw text,
  status text NOT NULL CHECK (status IN ('active', 'superseded', 'removed', 'pending', 'delisted')),
  first_seen date NOT NULL,
  last_seen date NOT NULL,
  moa_url text,
  addendum_url text,
  PRIMARY KEY (agency_id, agreement_id),
  UNIQUE (agency_id, list, model, signed_key)
);
CREATE INDEX agreements_status_idx ON agreements (status, model);
