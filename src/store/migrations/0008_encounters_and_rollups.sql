-- Historical encounters (issue 8) and the rollups the conviction-category table reads.
-- src/domain/statistics.ts explains why the rollups give exact distinct-subject counts for any
-- date window, model and state.

-- One imported encounters file.
CREATE TABLE encounter_imports (
  import_id uuid PRIMARY KEY,
  source_file text NOT NULL,
  rows_read integer NOT NULL DEFAULT 0,
  rows_new integer NOT NULL DEFAULT 0,
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL
);

-- One encounter as the file gave it. `seq` orders encounters for the rollup refresh; imports and
-- refreshes take the same advisory lock, so a committed seq is never overtaken by a later one.
-- row_hash fingerprints the content, so a re-import of the same id with other content is refused.
CREATE TABLE encounters (
  encounter_id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  import_id uuid NOT NULL REFERENCES encounter_imports (import_id),
  agency text NOT NULL,
  state text NOT NULL,
  model text NOT NULL CHECK (model IN ('JEM', 'WSO', 'TFM')),
  encounter_date date NOT NULL,
  subject_id text NOT NULL,
  conviction_codes text[] NOT NULL,
  conviction_dates date[] NOT NULL,
  pending_charges text[] NOT NULL,
  detainer_issued boolean NOT NULL,
  removal_proceedings boolean NOT NULL,
  row_hash text NOT NULL,
  CHECK (cardinality(conviction_codes) = cardinality(conviction_dates))
);
CREATE INDEX encounters_subject_idx ON encounters (subject_id);
CREATE INDEX encounters_date_idx ON encounters (encounter_date);

-- The high-water mark: every encounter with seq <= through_seq is in the rollups.
CREATE TABLE stat_rollup_state (
  id smallint PRIMARY KEY CHECK (id = 1),
  through_seq bigint NOT NULL,
  refreshed_at timestamptz
);
INSERT INTO stat_rollup_state (id, through_seq, refreshed_at) VALUES (1, 0, NULL);

-- The rollup cells. One row per slice (model or '*', state or '*') and cell, with one count per
-- measure: m0 identified, m1 placed in proceedings, m2..m10 the conviction categories in the
-- order of CONVICTION_CATEGORIES (09 homicide, 10 kidnapping, 11 sexual assault, 12 robbery,
-- 13 assault, 35 dangerous drugs, 36 sex offenses, 48 obstructing police, 52 weapon offenses).

-- Subject-days: how many subjects have a qualifying day on `day` (grain 'D') or in the month
-- starting `day` (grain 'M').
CREATE TABLE stat_subject_days (
  model text NOT NULL,
  state text NOT NULL,
  grain text NOT NULL CHECK (grain IN ('D', 'M')),
  day date NOT NULL,
  m0 integer NOT NULL DEFAULT 0 CHECK (m0 >= 0),
  m1 integer NOT NULL DEFAULT 0 CHECK (m1 >= 0),
  m2 integer NOT NULL DEFAULT 0 CHECK (m2 >= 0),
  m3 integer NOT NULL DEFAULT 0 CHECK (m3 >= 0),
  m4 integer NOT NULL DEFAULT 0 CHECK (m4 >= 0),
  m5 integer NOT NULL DEFAULT 0 CHECK (m5 >= 0),
  m6 integer NOT NULL DEFAULT 0 CHECK (m6 >= 0),
  m7 integer NOT NULL DEFAULT 0 CHECK (m7 >= 0),
  m8 integer NOT NULL DEFAULT 0 CHECK (m8 >= 0),
  m9 integer NOT NULL DEFAULT 0 CHECK (m9 >= 0),
  m10 integer NOT NULL DEFAULT 0 CHECK (m10 >= 0),
  PRIMARY KEY (model, state, grain, day)
);

-- Consecutive qualifying days (p < d) of one subject, at day or month grain on each axis.
CREATE TABLE stat_subject_repeats (
  model text NOT NULL,
  state text NOT NULL,
  p_grain text NOT NULL CHECK (p_grain IN ('D', 'M')),
  d_grain text NOT NULL CHECK (d_grain IN ('D', 'M')),
  p date NOT NULL,
  d date NOT NULL,
  m0 integer NOT NULL DEFAULT 0 CHECK (m0 >= 0),
  m1 integer NOT NULL DEFAULT 0 CHECK (m1 >= 0),
  m2 integer NOT NULL DEFAULT 0 CHECK (m2 >= 0),
  m3 integer NOT NULL DEFAULT 0 CHECK (m3 >= 0),
  m4 integer NOT NULL DEFAULT 0 CHECK (m4 >= 0),
  m5 integer NOT NULL DEFAULT 0 CHECK (m5 >= 0),
  m6 integer NOT NULL DEFAULT 0 CHECK (m6 >= 0),
  m7 integer NOT NULL DEFAULT 0 CHECK (m7 >= 0),
  m8 integer NOT NULL DEFAULT 0 CHECK (m8 >= 0),
  m9 integer NOT NULL DEFAULT 0 CHECK (m9 >= 0),
  m10 integer NOT NULL DEFAULT 0 CHECK (m10 >= 0),
  PRIMARY KEY (model, state, p_grain, d_grain, p, d)
);
