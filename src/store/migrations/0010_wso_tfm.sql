-- Warrant Service Officer and Task Force Model casework (issue 5) on the JEM machinery
-- (ADR 0004): a case now says its model; a TFM field encounter has no booking, and its place is
-- a jurisdiction inside the agreement's area of responsibility.
ALTER TABLE cases ADD COLUMN model text NOT NULL DEFAULT 'JEM' CHECK (model IN ('JEM', 'WSO', 'TFM'));
ALTER TABLE cases ALTER COLUMN booking_id DROP NOT NULL;
ALTER TABLE cases ALTER COLUMN facility_code DROP NOT NULL;
ALTER TABLE cases ADD COLUMN jurisdiction text;
CREATE INDEX cases_model_idx ON cases (agency_id, model, status) WHERE closed_at IS NULL;

-- Money is integer cents. Claims under the TFM reimbursement terms in force since 2025-10-01.
CREATE TABLE reimbursement_claims (
  claim_id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies (agency_id),
  officer_id uuid,
  quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
  kind text NOT NULL CHECK (kind IN ('salary_benefits', 'overtime', 'equipment', 'vehicle')),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  -- The officer's annual salary the overtime cap is computed from (25 %).
  annual_salary_cents bigint,
  description text NOT NULL,
  status text NOT NULL CHECK (status IN ('accepted', 'refused')),
  refusal_reason text,
  terms_version text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL
);
CREATE INDEX reimbursement_claims_agency_idx ON reimbursement_claims (agency_id, quarter);

-- ICE-identified leads given to TFM officers, and whether the person was located.
CREATE TABLE lead_outcomes (
  lead_id uuid PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies (agency_id),
  officer_id uuid NOT NULL,
  quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
  assigned_on date NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('located', 'not_located')),
  recorded_at timestamptz NOT NULL,
  recorded_by text NOT NULL
);
CREATE INDEX lead_outcomes_agency_idx ON lead_outcomes (agency_id, quarter);
