-- Jail Enforcement Model casework (issue 4): bookings from the jail, subjects, screening cases,
-- queries to outside systems, tasks, timers, documents. Rows that belong to an agency start
-- their key with agency_id. A case's current state is in `cases`; everything that happened to
-- it is in `case_events` (the timeline), written in the same transaction as the audit event.

-- ICE officers listed in 8 CFR 287.5(e)(2) issue and sign I-200 / I-205 (8 CFR 236.1(b)).
ALTER TABLE users ADD COLUMN warrant_issuer boolean NOT NULL DEFAULT false;

-- Machine credentials for a jail management system sending bookings (only SHA-256 stored).
CREATE TABLE api_tokens (
  token_id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies (agency_id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  revoked_at timestamptz
);

-- A person known to Delegate across bookings and agencies. Identifiers are strong evidence.
CREATE TABLE subjects (
  subject_id uuid PRIMARY KEY,
  first_name text NOT NULL,
  middle_name text,
  last_name text NOT NULL,
  dob date NOT NULL,
  sex text,
  fbi_number text,
  fin text,
  a_number text,
  -- 8 U.S.C. §1367 (VAWA, T and U): visible only to designated ICE users.
  protected_1367 boolean NOT NULL DEFAULT false,
  -- Set when a citizenship review confirms U.S. citizenship (ICE Directive 16001.2): the record is corrected.
  confirmed_citizen_at timestamptz,
  merged_into uuid REFERENCES subjects (subject_id),
  created_at timestamptz NOT NULL
);
CREATE INDEX subjects_fbi_idx ON subjects (fbi_number) WHERE fbi_number IS NOT NULL;
CREATE INDEX subjects_fin_idx ON subjects (fin) WHERE fin IS NOT NULL;
CREATE INDEX subjects_a_number_idx ON subjects (a_number) WHERE a_number IS NOT NULL;
CREATE INDEX subjects_name_dob_idx ON subjects (lower(last_name), lower(first_name), dob);

-- A booking into a jail on a criminal charge, as the jail sent it, and its later state.
CREATE TABLE bookings (
  agency_id uuid NOT NULL REFERENCES agencies (agency_id),
  booking_id uuid NOT NULL UNIQUE,
  booking_number text NOT NULL,
  facility_code text NOT NULL,
  booked_at timestamptz NOT NULL,
  person jsonb NOT NULL,
  charges jsonb NOT NULL,
  -- SHA-256 of the canonical booking as first received: a resend with other content is refused.
  content_hash text NOT NULL,
  subject_id uuid REFERENCES subjects (subject_id),
  expected_release_at timestamptz,
  -- The "would otherwise be released" moment (bail posted, charges dismissed, sentence served, court order).
  released_at timestamptz,
  release_reason text,
  -- The person physically left the jail's custody (released, or transferred to ICE).
  left_custody_at timestamptz,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (agency_id, booking_id),
  UNIQUE (agency_id, booking_number)
);

CREATE TABLE booking_events (
  agency_id uuid NOT NULL,
  booking_id uuid NOT NULL,
  event_id uuid NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('charges_changed', 'bail_posted', 'sentence_served', 'court_order',
                                     'charges_dismissed', 'left_custody')),
  occurred_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (agency_id, booking_id, event_id),
  FOREIGN KEY (agency_id, booking_id) REFERENCES bookings (agency_id, booking_id)
);

-- A screening case: one per booking at a JEM facility.
CREATE TABLE cases (
  agency_id uuid NOT NULL REFERENCES agencies (agency_id),
  case_id uuid NOT NULL UNIQUE,
  case_number text NOT NULL UNIQUE,
  booking_id uuid NOT NULL UNIQUE,
  subject_id uuid REFERENCES subjects (subject_id),
  facility_code text NOT NULL,
  status text NOT NULL,
  tier smallint NOT NULL CHECK (tier BETWEEN 1 AND 4),
  priority_explanation text NOT NULL,
  priority_policy_version text NOT NULL,
  assigned_to uuid REFERENCES users (user_id),
  assigned_at timestamptz,
  opened_at timestamptz NOT NULL,
  expected_release_at timestamptz,
  -- Open hard stops, shown on the case (each also a task).
  citizenship_review_open boolean NOT NULL DEFAULT false,
  -- The structured record of each step, by step name (interview, determination, i213, …).
  record jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The hold clock (8 CFR 287.7(d); Form I-247A box 1).
  hold_started_at timestamptz,
  hold_ends_at timestamptz,
  outcome text,
  outcome_reason text,
  closed_at timestamptz,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (agency_id, case_id),
  FOREIGN KEY (agency_id, booking_id) REFERENCES bookings (agency_id, booking_id)
);
-- The screening queue: open cases of a facility by tier, then time to release.
CREATE INDEX cases_queue_idx ON cases (agency_id, facility_code, tier, expected_release_at, opened_at)
  WHERE closed_at IS NULL;
CREATE INDEX cases_status_idx ON cases (status) WHERE closed_at IS NULL;
CREATE INDEX cases_subject_idx ON cases (subject_id);

-- The timeline: everything that happened on a case, in order.
CREATE TABLE case_events (
  case_id uuid NOT NULL REFERENCES cases (case_id),
  seq integer NOT NULL,
  at timestamptz NOT NULL,
  actor_id text NOT NULL,
  actor_role text,
  kind text NOT NULL,
  summary text NOT NULL,
  data jsonb NOT NULL,
  audit_event_id uuid,
  PRIMARY KEY (case_id, seq)
);

-- Queries to outside systems, as rows with explicit state so a restart loses none.
CREATE TABLE system_queries (
  query_id uuid PRIMARY KEY,
  agency_id uuid NOT NULL,
  case_id uuid NOT NULL REFERENCES cases (case_id),
  system text NOT NULL CHECK (system IN ('IDENT', 'EID', 'NCIC', 'LESC', 'CLAIMS')),
  purpose text NOT NULL,
  request jsonb NOT NULL,
  state text NOT NULL CHECK (state IN ('requested', 'attempted', 'answered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  retry_at timestamptz,
  last_error text,
  response jsonb,
  summary text,
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL,
  answered_at timestamptz
);
CREATE INDEX system_queries_pending_idx ON system_queries (retry_at) WHERE state IN ('requested', 'attempted');
CREATE INDEX system_queries_case_idx ON system_queries (case_id, requested_at);

-- Work items the law or policy creates: citizenship-review supervisor and counsel tasks,
-- consular notification, juvenile review, possible subject matches, the mandatory release.
CREATE TABLE case_tasks (
  task_id uuid PRIMARY KEY,
  agency_id uuid NOT NULL,
  case_id uuid REFERENCES cases (case_id),
  kind text NOT NULL,
  recipient_role text NOT NULL,
  title text NOT NULL,
  data jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'done')),
  due_at timestamptz,
  created_at timestamptz NOT NULL,
  done_at timestamptz,
  done_by text,
  resolution jsonb
);
CREATE INDEX case_tasks_open_idx ON case_tasks (recipient_role, agency_id, created_at) WHERE status = 'open';
CREATE INDEX case_tasks_case_idx ON case_tasks (case_id);

-- Timers as rows: hold-clock alerts and the mandatory release. A sweep sends what is due.
CREATE TABLE case_timers (
  timer_id uuid PRIMARY KEY,
  agency_id uuid NOT NULL,
  case_id uuid NOT NULL REFERENCES cases (case_id),
  kind text NOT NULL CHECK (kind IN ('hold_24h', 'hold_36h', 'hold_44h', 'hold_48h')),
  due_at timestamptz NOT NULL,
  fired_at timestamptz,
  cancelled_at timestamptz,
  UNIQUE (case_id, kind)
);
CREATE INDEX case_timers_due_idx ON case_timers (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;

-- Generated forms, immutable: a change makes a new version with a reason.
CREATE TABLE case_documents (
  document_id uuid PRIMARY KEY,
  agency_id uuid NOT NULL,
  case_id uuid NOT NULL REFERENCES cases (case_id),
  form text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  template_version text NOT NULL,
  sha256 text NOT NULL,
  snapshot jsonb NOT NULL,
  content bytea NOT NULL,
  reason text,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  UNIQUE (case_id, form, version)
);

CREATE FUNCTION case_documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_documents are immutable: generate a new version with a reason';
END $$;
CREATE TRIGGER case_documents_no_update BEFORE UPDATE OR DELETE ON case_documents
  FOR EACH ROW EXECUTE FUNCTION case_documents_immutable();

-- Notifications addressed to one user as well as to a role.
ALTER TABLE notifications ADD COLUMN recipient_user uuid;
ALTER TABLE notifications ADD COLUMN case_id uuid;
ALTER TABLE notifications ADD COLUMN kind text;
-- Email copies, sent after commit when SMTP is configured.
CREATE TABLE email_outbox (
  email_id uuid PRIMARY KEY,
  notification_id uuid NOT NULL,
  recipient text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text
);
CREATE INDEX email_outbox_unsent_idx ON email_outbox (created_at) WHERE sent_at IS NULL;
