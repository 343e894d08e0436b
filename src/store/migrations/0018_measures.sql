-- Program performance measures (issue 8; ADR 0005). Casework feeds the encounters table: each
-- JEM, WSO or TFM case is one encounter, kept as append-only versions. A change to a case that
-- changes its measure facts inserts a new version and marks the previous one superseded at the
-- new version's seq, so the rows as they stood at any high-water mark S are exactly those with
-- seq <= S AND (superseded_seq IS NULL OR superseded_seq > S). Imported rows are never superseded.
ALTER TABLE encounters ALTER COLUMN import_id DROP NOT NULL;
ALTER TABLE encounters ADD COLUMN case_id uuid;
ALTER TABLE encounters ADD COLUMN superseded_seq bigint;
-- Measure facts a case records and an import does not carry (imports keep the defaults).
ALTER TABLE encounters ADD COLUMN arrest boolean NOT NULL DEFAULT false;
ALTER TABLE encounters ADD COLUMN transfer boolean NOT NULL DEFAULT false;
-- assumed_custody | lifted | released_at_limit | released_other | pending; null without a detainer.
ALTER TABLE encounters ADD COLUMN detainer_outcome text;
ALTER TABLE encounters ADD COLUMN lift_reason text;
-- Whole minutes from the release-eligibility event to the end of the hold (custody, lift, release).
ALTER TABLE encounters ADD COLUMN hold_minutes integer CHECK (hold_minutes >= 0);
-- open | citizen | not_citizen; null when no citizenship claim or indicia was recorded.
ALTER TABLE encounters ADD COLUMN citizenship text;
-- I-213 reviews: [{"by": supervisor id, "decision": "approved"|"returned", "minutes": n, "on": "YYYY-MM-DD"}].
ALTER TABLE encounters ADD COLUMN reviews jsonb NOT NULL DEFAULT '[]'::jsonb;
CREATE UNIQUE INDEX encounters_case_current_idx ON encounters (case_id) WHERE case_id IS NOT NULL AND superseded_seq IS NULL;
CREATE INDEX encounters_superseded_idx ON encounters (superseded_seq) WHERE superseded_seq IS NOT NULL;

-- The ranking that picks an encounter's most serious charge, and the minor-offense list, as of
-- the version in stat_rollup_state.offense_list_version (loaded from src/domain/data/).
CREATE TABLE stat_offense_ranks (
  prefix text PRIMARY KEY,
  rank integer NOT NULL,
  minor boolean NOT NULL
);
ALTER TABLE stat_rollup_state ADD COLUMN offense_list_version text;
-- When complaints and training compliance (rebuilt whole) were last rebuilt.
ALTER TABLE stat_rollup_state ADD COLUMN sources_rebuilt_at timestamptz;

-- Encounter measures by model, agency, state and month (counts of encounters, not of people).
CREATE TABLE stat_measure_months (
  model text NOT NULL,
  agency text NOT NULL,
  state text NOT NULL,
  month date NOT NULL,
  encounters integer NOT NULL DEFAULT 0,
  detainers integer NOT NULL DEFAULT 0,
  arrests integer NOT NULL DEFAULT 0,
  transfers integer NOT NULL DEFAULT 0,
  proceedings integer NOT NULL DEFAULT 0,
  convicted integer NOT NULL DEFAULT 0,
  pending_charges integer NOT NULL DEFAULT 0,
  immigration_only integer NOT NULL DEFAULT 0,
  charged integer NOT NULL DEFAULT 0,
  minor_offense integer NOT NULL DEFAULT 0,
  outcome_assumed_custody integer NOT NULL DEFAULT 0,
  outcome_lifted integer NOT NULL DEFAULT 0,
  outcome_released_at_limit integer NOT NULL DEFAULT 0,
  outcome_released_other integer NOT NULL DEFAULT 0,
  outcome_pending integer NOT NULL DEFAULT 0,
  holds integer NOT NULL DEFAULT 0,
  hold_minutes bigint NOT NULL DEFAULT 0,
  over_holds integer NOT NULL DEFAULT 0,
  citizenship_claims integer NOT NULL DEFAULT 0,
  citizenship_open integer NOT NULL DEFAULT 0,
  citizenship_citizen integer NOT NULL DEFAULT 0,
  citizenship_not_citizen integer NOT NULL DEFAULT 0,
  PRIMARY KEY (model, agency, state, month)
);
CREATE INDEX stat_measure_months_month_idx ON stat_measure_months (month);

-- Hold lengths as an exact histogram at one-minute resolution (one row per non-empty minute).
CREATE TABLE stat_hold_minutes (
  model text NOT NULL,
  agency text NOT NULL,
  state text NOT NULL,
  month date NOT NULL,
  minutes integer NOT NULL,
  n integer NOT NULL DEFAULT 0,
  PRIMARY KEY (model, agency, state, month, minutes)
);

CREATE TABLE stat_lift_reasons (
  model text NOT NULL,
  agency text NOT NULL,
  state text NOT NULL,
  month date NOT NULL,
  reason text NOT NULL,
  n integer NOT NULL DEFAULT 0,
  PRIMARY KEY (model, agency, state, month, reason)
);

-- I-213 reviews per ICE supervisor, by the month of the review, with an exact one-minute
-- histogram of review times (submission to decision).
CREATE TABLE stat_reviews (
  model text NOT NULL,
  agency text NOT NULL,
  state text NOT NULL,
  month date NOT NULL,
  supervisor text NOT NULL,
  decision text NOT NULL,
  minutes integer NOT NULL,
  n integer NOT NULL DEFAULT 0,
  PRIMARY KEY (model, agency, state, month, supervisor, decision, minutes)
);

-- Small sources rebuilt whole by each refresh: complaints by agency and month received, and
-- officer training compliance per agency as of the refresh.
CREATE TABLE stat_complaint_months (
  agency text NOT NULL,
  state text NOT NULL,
  month date NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (agency, state, month)
);

CREATE TABLE stat_training (
  agency text NOT NULL,
  state text NOT NULL,
  model text NOT NULL,
  officers integer NOT NULL,
  trained integer NOT NULL,
  refresher_current integer NOT NULL,
  as_of date NOT NULL,
  PRIMARY KEY (agency, state, model)
);
