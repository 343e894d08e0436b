-- Reads of the measures screen that stay small at any volume (issue 8 performance; ADR 0005).
-- stat_measure_months is kept per model, agency, state and month; at ten million encounters it
-- holds hundreds of thousands of rows, and a long window summed from it is slow. Three companions,
-- maintained by the same set-based fold in the same transaction:
-- - stat_measure_state_months: the same counts without the agency (model, state, month), for the
--   per-month series and the quarterly tables;
-- - stat_measure_cumulative: per model, agency and state, the counts of every month up to and
--   including `month`, with a row at each month the group has (or had) encounters. A window's
--   counts per group are two index lookups: the latest row at or before its last month minus the
--   latest row before its first month;
-- - stat_measure_groups: the model, agency and state combinations seen, for the screen's filters
--   and the per-group table.
-- Change-cursor index: encounters.seq has its unique index and superseded_seq its partial index
-- (0008, 0018); nothing more is needed for the refresh to find what changed.

CREATE TABLE stat_measure_state_months (
  model text NOT NULL,
  state text NOT NULL,
  month date NOT NULL,
  encounters bigint NOT NULL DEFAULT 0,
  detainers bigint NOT NULL DEFAULT 0,
  arrests bigint NOT NULL DEFAULT 0,
  transfers bigint NOT NULL DEFAULT 0,
  proceedings bigint NOT NULL DEFAULT 0,
  convicted bigint NOT NULL DEFAULT 0,
  pending_charges bigint NOT NULL DEFAULT 0,
  immigration_only bigint NOT NULL DEFAULT 0,
  charged bigint NOT NULL DEFAULT 0,
  minor_offense bigint NOT NULL DEFAULT 0,
  outcome_assumed_custody bigint NOT NULL DEFAULT 0,
  outcome_lifted bigint NOT NULL DEFAULT 0,
  outcome_released_at_limit bigint NOT NULL DEFAULT 0,
  outcome_released_other bigint NOT NULL DEFAULT 0,
  outcome_pending bigint NOT NULL DEFAULT 0,
  holds bigint NOT NULL DEFAULT 0,
  hold_minutes bigint NOT NULL DEFAULT 0,
  over_holds bigint NOT NULL DEFAULT 0,
  citizenship_claims bigint NOT NULL DEFAULT 0,
  citizenship_open bigint NOT NULL DEFAULT 0,
  citizenship_citizen bigint NOT NULL DEFAULT 0,
  citizenship_not_citizen bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (model, state, month)
);

CREATE TABLE stat_measure_cumulative (
  model text NOT NULL,
  agency text NOT NULL,
  state text NOT NULL,
  month date NOT NULL,
  encounters bigint NOT NULL DEFAULT 0,
  detainers bigint NOT NULL DEFAULT 0,
  arrests bigint NOT NULL DEFAULT 0,
  transfers bigint NOT NULL DEFAULT 0,
  proceedings bigint NOT NULL DEFAULT 0,
  convicted bigint NOT NULL DEFAULT 0,
  pending_charges bigint NOT NULL DEFAULT 0,
  immigration_only bigint NOT NULL DEFAULT 0,
  charged bigint NOT NULL DEFAULT 0,
  minor_offense bigint NOT NULL DEFAULT 0,
  outcome_assumed_custody bigint NOT NULL DEFAULT 0,
  outcome_lifted bigint NOT NULL DEFAULT 0,
  outcome_released_at_limit bigint NOT NULL DEFAULT 0,
  outcome_released_other bigint NOT NULL DEFAULT 0,
  outcome_pending bigint NOT NULL DEFAULT 0,
  holds bigint NOT NULL DEFAULT 0,
  hold_minutes bigint NOT NULL DEFAULT 0,
  over_holds bigint NOT NULL DEFAULT 0,
  citizenship_claims bigint NOT NULL DEFAULT 0,
  citizenship_open bigint NOT NULL DEFAULT 0,
  citizenship_citizen bigint NOT NULL DEFAULT 0,
  citizenship_not_citizen bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (model, agency, state, month)
);

CREATE TABLE stat_measure_groups (
  model text NOT NULL,
  agency text NOT NULL,
  state text NOT NULL,
  PRIMARY KEY (model, agency, state)
);

-- A filter on the agency reads its months without scanning the other agencies.
CREATE INDEX stat_measure_months_agency_idx ON stat_measure_months (agency, month);

INSERT INTO stat_measure_state_months (model, state, month, encounters, detainers, arrests, transfers, proceedings, convicted, pending_charges, immigration_only, charged, minor_offense, outcome_assumed_custody, outcome_lifted, outcome_released_at_limit, outcome_released_other, outcome_pending, holds, hold_minutes, over_holds, citizenship_claims, citizenship_open, citizenship_citizen, citizenship_not_citizen)
SELECT model, state, month, sum(encounters), sum(detainers), sum(arrests), sum(transfers), sum(proceedings), sum(convicted), sum(pending_charges), sum(immigration_only), sum(charged), sum(minor_offense), sum(outcome_assumed_custody), sum(outcome_lifted), sum(outcome_released_at_limit), sum(outcome_released_other), sum(outcome_pending), sum(holds), sum(hold_minutes), sum(over_holds), sum(citizenship_claims), sum(citizenship_open), sum(citizenship_citizen), sum(citizenship_not_citizen)
FROM stat_measure_months GROUP BY model, state, month;

INSERT INTO stat_measure_cumulative (model, agency, state, month, encounters, detainers, arrests, transfers, proceedings, convicted, pending_charges, immigration_only, charged, minor_offense, outcome_assumed_custody, outcome_lifted, outcome_released_at_limit, outcome_released_other, outcome_pending, holds, hold_minutes, over_holds, citizenship_claims, citizenship_open, citizenship_citizen, citizenship_not_citizen)
SELECT model, agency, state, month,
       sum(encounters) OVER w,
       sum(detainers) OVER w,
       sum(arrests) OVER w,
       sum(transfers) OVER w,
       sum(proceedings) OVER w,
       sum(convicted) OVER w,
       sum(pending_charges) OVER w,
       sum(immigration_only) OVER w,
       sum(charged) OVER w,
       sum(minor_offense) OVER w,
       sum(outcome_assumed_custody) OVER w,
       sum(outcome_lifted) OVER w,
       sum(outcome_released_at_limit) OVER w,
       sum(outcome_released_other) OVER w,
       sum(outcome_pending) OVER w,
       sum(holds) OVER w,
       sum(hold_minutes) OVER w,
       sum(over_holds) OVER w,
       sum(citizenship_claims) OVER w,
       sum(citizenship_open) OVER w,
       sum(citizenship_citizen) OVER w,
       sum(citizenship_not_citizen) OVER w
FROM stat_measure_months
WINDOW w AS (PARTITION BY model, agency, state ORDER BY month);

INSERT INTO stat_measure_groups (model, agency, state)
SELECT DISTINCT model, agency, state FROM stat_measure_months;

-- Room on each page of the conviction rollups for the refresh's updates to stay on their page
-- (HOT: no new index entry). Applies to pages written from now on.
ALTER TABLE stat_subject_days SET (fillfactor = 85);
ALTER TABLE stat_subject_repeats SET (fillfactor = 85);
