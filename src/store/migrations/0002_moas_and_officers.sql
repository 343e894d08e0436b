-- Agreements as versioned legal instruments, and officers from nomination to authorization
-- (8 U.S.C. §1357(g)(2), (g)(5)). Rows that belong to an agency start their key with agency_id.

-- A place where delegated authority may be exercised: a jail or correctional facility (JEM, WSO).
CREATE TABLE facilities (
  agency_id uuid NOT NULL REFERENCES agencies (agency_id),
  facility_id uuid NOT NULL UNIQUE,
  code text NOT NULL,
  name text NOT NULL,
  jurisdiction text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (agency_id, facility_id),
  UNIQUE (agency_id, code)
);

-- The MOA between ICE and one agency. Its terms live in versions; amendments add a version.
CREATE TABLE moas (
  agency_id uuid NOT NULL REFERENCES agencies (agency_id),
  moa_id uuid NOT NULL UNIQUE,
  title text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  PRIMARY KEY (agency_id, moa_id)
);

CREATE TABLE moa_versions (
  agency_id uuid NOT NULL,
  moa_id uuid NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  models text[] NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'active', 'superseded', 'terminated', 'expired')),
  signed_on date,
  effective date NOT NULL,
  end_date date,
  -- When the version stopped governing (termination, supersession): authorizations end at that instant.
  ended_at timestamptz,
  refresher_cadence_days integer NOT NULL CHECK (refresher_cadence_days > 0),
  hold_rule text NOT NULL CHECK (hold_rule IN ('plain_48h', 'business_hours_48h')),
  civil_holds_forbidden boolean NOT NULL,
  facility_codes text[] NOT NULL,
  area_jurisdictions text[] NOT NULL,
  igsa_facility_codes text[] NOT NULL,
  narrowed_actions text[] NOT NULL,
  -- [{ "id": "JEM-2020:V.B", "summary": "...", "action": "interview", "effect": "grants"|"forbids" }]
  clauses jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  PRIMARY KEY (agency_id, moa_id, version),
  FOREIGN KEY (agency_id, moa_id) REFERENCES moas (agency_id, moa_id)
);

-- An officer of an agency nominated for delegated authority in one model.
CREATE TABLE officers (
  agency_id uuid NOT NULL REFERENCES agencies (agency_id),
  officer_id uuid NOT NULL UNIQUE,
  user_id uuid REFERENCES users (user_id),
  display_name text NOT NULL,
  badge text,
  model text NOT NULL CHECK (model IN ('JEM', 'WSO', 'TFM')),
  stage text NOT NULL CHECK (stage IN ('nominated', 'approved', 'rejected', 'in_training', 'disqualified',
                                       'certified', 'authorized', 'suspended', 'revoked')),
  nominated_at timestamptz NOT NULL,
  nominated_by text NOT NULL,
  certified_on date,
  last_refresher_on date,
  suspension_reason text,
  PRIMARY KEY (agency_id, officer_id)
);

-- The nomination checklist: each item with its evidence and date.
CREATE TABLE officer_eligibility (
  agency_id uuid NOT NULL,
  officer_id uuid NOT NULL,
  item text NOT NULL CHECK (item IN ('us_citizenship_verified', 'background_investigation_passed',
                                     'experience_in_position', 'no_pending_discipline')),
  satisfied boolean NOT NULL,
  evidence text NOT NULL,
  dated date NOT NULL,
  recorded_at timestamptz NOT NULL,
  recorded_by text NOT NULL,
  PRIMARY KEY (agency_id, officer_id, item),
  FOREIGN KEY (agency_id, officer_id) REFERENCES officers (agency_id, officer_id)
);

CREATE TABLE training_classes (
  class_id uuid PRIMARY KEY,
  model text NOT NULL CHECK (model IN ('JEM', 'WSO', 'TFM')),
  course text NOT NULL,
  hours integer NOT NULL CHECK (hours > 0),
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  created_at timestamptz NOT NULL
);

CREATE TABLE officer_training (
  agency_id uuid NOT NULL,
  officer_id uuid NOT NULL,
  class_id uuid NOT NULL REFERENCES training_classes (class_id),
  enrolled_at timestamptz NOT NULL,
  PRIMARY KEY (agency_id, officer_id, class_id),
  FOREIGN KEY (agency_id, officer_id) REFERENCES officers (agency_id, officer_id)
);

CREATE TABLE officer_exams (
  agency_id uuid NOT NULL,
  officer_id uuid NOT NULL,
  attempt integer NOT NULL CHECK (attempt > 0),
  exam text NOT NULL,
  score numeric(5, 2) NOT NULL CHECK (score >= 0 AND score <= 100),
  passed boolean NOT NULL,
  taken_on date NOT NULL,
  PRIMARY KEY (agency_id, officer_id, attempt),
  FOREIGN KEY (agency_id, officer_id) REFERENCES officers (agency_id, officer_id)
);

-- §1357(g)(5): for each officer, the powers, the duration, and the supervising ICE position.
CREATE TABLE authorizations (
  agency_id uuid NOT NULL,
  authorization_id uuid NOT NULL UNIQUE,
  officer_id uuid NOT NULL,
  moa_id uuid NOT NULL,
  moa_version integer NOT NULL,
  model text NOT NULL CHECK (model IN ('JEM', 'WSO', 'TFM')),
  powers text[],
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on > starts_on),
  supervising_position text NOT NULL,
  -- Set when the authorization stops: revocation, or the end of its MOA version.
  ended_at timestamptz,
  end_reason text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (agency_id, authorization_id),
  FOREIGN KEY (agency_id, officer_id) REFERENCES officers (agency_id, officer_id),
  FOREIGN KEY (agency_id, moa_id, moa_version) REFERENCES moa_versions (agency_id, moa_id, version)
);
CREATE INDEX authorizations_officer_idx ON authorizations (officer_id);

-- Messages to the people who must know (program office, supervisors, the agency's coordinator).
-- Written in the same transaction as the change; delivery is a later concern.
CREATE TABLE notifications (
  notification_id uuid PRIMARY KEY,
  agency_id uuid,
  recipient_role text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX notifications_recipient_idx ON notifications (recipient_role, agency_id, created_at);
