-- Oversight processes (issue 8): complaints from the public and staff intake, forwarded to ICE's
-- Office of Professional Responsibility (OPR); compliance inspections per agreement version; the
-- steering committee's meetings. Links to officers, cases and agreements are by id and checked
-- by the use cases against the complaint's agency.
CREATE TABLE complaints (
  complaint_id uuid PRIMARY KEY,
  -- The reference given to the complainant (e.g. C-2026-000123); unique and not guessable from
  -- any personal data.
  reference text NOT NULL UNIQUE,
  -- public_form | phone | paper | in_person
  channel text NOT NULL CHECK (channel IN ('public_form', 'phone', 'paper', 'in_person')),
  -- The language the complaint was written in (the form's locale); shown to staff, never used
  -- in any decision.
  language text NOT NULL,
  agency_id uuid REFERENCES agencies (agency_id),
  -- The agency as the complainant named it when it could not be resolved to a record.
  agency_named text,
  occurred_on text,
  location text,
  narrative text NOT NULL CHECK (narrative <> ''),
  -- Optional: the complainant may stay anonymous.
  contact_name text,
  contact_email text,
  contact_phone text,
  officer_ids uuid[] NOT NULL DEFAULT '{}',
  case_ids uuid[] NOT NULL DEFAULT '{}',
  moa_ids uuid[] NOT NULL DEFAULT '{}',
  -- received | acknowledged | forwarded | closed
  status text NOT NULL CHECK (status IN ('received', 'acknowledged', 'forwarded', 'closed')),
  received_at timestamptz NOT NULL,
  received_by text NOT NULL,
  acknowledged_at timestamptz,
  forwarded_at timestamptz,
  opr_reference text,
  closed_at timestamptz,
  outcome text,
  updated_at timestamptz NOT NULL
);
CREATE INDEX complaints_agency_idx ON complaints (agency_id, received_at);
CREATE INDEX complaints_status_idx ON complaints (status, received_at);

CREATE TABLE complaint_events (
  complaint_id uuid NOT NULL REFERENCES complaints (complaint_id),
  seq integer NOT NULL,
  at timestamptz NOT NULL,
  by_actor text NOT NULL,
  -- received | acknowledged | linked | forwarded | officer_suspended | closed
  kind text NOT NULL,
  note text,
  PRIMARY KEY (complaint_id, seq)
);

CREATE TABLE inspections (
  inspection_id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies (agency_id),
  moa_id uuid NOT NULL,
  moa_version integer NOT NULL,
  -- JEM | WSO | TFM: every model is inspected, WSO included.
  model text NOT NULL CHECK (model IN ('JEM', 'WSO', 'TFM')),
  due_on text NOT NULL,
  -- [{ item, result: 'pending' | 'met' | 'not_met' | 'not_applicable', note }]
  checklist jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- scheduled | completed
  status text NOT NULL CHECK (status IN ('scheduled', 'completed')),
  completed_on text,
  follow_up_due_on text,
  scheduled_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  FOREIGN KEY (agency_id, moa_id, moa_version) REFERENCES moa_versions (agency_id, moa_id, version)
);
CREATE INDEX inspections_due_idx ON inspections (status, due_on);

CREATE TABLE inspection_findings (
  finding_id uuid PRIMARY KEY,
  inspection_id uuid NOT NULL REFERENCES inspections (inspection_id),
  summary text NOT NULL CHECK (summary <> ''),
  -- The agreement clause or rule the finding is about, when there is one.
  clause_id text,
  corrective_action text,
  corrective_due_on text,
  -- open | corrected | verified
  status text NOT NULL CHECK (status IN ('open', 'corrected', 'verified')),
  corrected_on text,
  verified_on text,
  created_at timestamptz NOT NULL
);
CREATE INDEX inspection_findings_inspection_idx ON inspection_findings (inspection_id);

CREATE TABLE committee_meetings (
  meeting_id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies (agency_id),
  moa_id uuid NOT NULL,
  scheduled_on text NOT NULL,
  -- scheduled | held | cancelled
  status text NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
  held_on text,
  -- [{ name, organization }]
  attendees jsonb NOT NULL DEFAULT '[]'::jsonb,
  minutes text,
  -- [{ summary, owner, dueOn, done }]
  action_items jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  FOREIGN KEY (agency_id, moa_id) REFERENCES moas (agency_id, moa_id)
);
CREATE INDEX committee_meetings_agency_idx ON committee_meetings (agency_id, scheduled_on);
