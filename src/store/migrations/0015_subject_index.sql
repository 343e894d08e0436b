-- The persistent subject index (issue 6): what the in-memory index used at booking intake is
-- rebuilt from. `subject_match_models` holds the Fellegi–Sunter parameters (m, u, λ) by
-- version; `subject_match_records` holds one matching record per subject version, pointing at
-- the subject it resolves to now (after merges). Every change to a subject's identity data or
-- its merge bumps `subject_index_state.generation` in the same transaction (statement
-- triggers, so every path that writes subjects keeps the index current); a process catches up by reading
-- the records whose generation is above the one it holds. The generation row's lock orders
-- those changes by commit, so no process skips one.

CREATE TABLE subject_match_models (
  version integer PRIMARY KEY,
  -- Comparison names with their level labels: a model whose comparisons differ from the code's is stale.
  comparisons jsonb NOT NULL,
  m jsonb NOT NULL,
  u jsonb NOT NULL,
  lambda double precision NOT NULL CHECK (lambda > 0 AND lambda < 1),
  trained_on text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE subject_index_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  -- Identifies this database to a process's cache of the index.
  index_id uuid NOT NULL,
  generation bigint NOT NULL DEFAULT 0,
  model_version integer REFERENCES subject_match_models (version),
  -- Candidates at or above this match probability become a possible-match review task.
  review_threshold double precision NOT NULL DEFAULT 0.5 CHECK (review_threshold > 0 AND review_threshold < 1),
  -- A probabilistic link is made only at or above this, and only with an agreeing strong identifier.
  auto_link_threshold double precision NOT NULL DEFAULT 0.9999
    CHECK (auto_link_threshold > 0 AND auto_link_threshold < 1)
);
INSERT INTO subject_index_state (singleton, index_id) VALUES (true, gen_random_uuid());

CREATE TABLE subject_match_records (
  -- The subject id for its first version, subject id + ':' + generation for later versions.
  record_id text PRIMARY KEY,
  -- The subject the record resolves to now (the survivor after merges).
  subject_id uuid NOT NULL REFERENCES subjects (subject_id),
  -- The subject row the record was taken from.
  source_subject_id uuid NOT NULL REFERENCES subjects (subject_id),
  -- Matching roles (first_name, middle_name, last_name, dob, sex, a_number, fbi_number); sex U is missing.
  record jsonb NOT NULL,
  generation bigint NOT NULL
);
CREATE INDEX subject_match_records_generation_idx ON subject_match_records (generation);
CREATE INDEX subject_match_records_subject_idx ON subject_match_records (subject_id);

CREATE FUNCTION subject_match_record(
  first_name text, middle_name text, last_name text, dob date, sex text, a_number text, fbi_number text
) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_strip_nulls(jsonb_build_object(
    'first_name', first_name,
    'middle_name', middle_name,
    'last_name', last_name,
    'dob', dob::text,
    'sex', NULLIF(sex, 'U'),
    'a_number', a_number,
    'fbi_number', fbi_number))
$$;

-- Statement-level, so a bulk insert or update is one generation, not one per row.
CREATE FUNCTION subject_index_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  g bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM inserted) THEN
    RETURN NULL;
  END IF;
  UPDATE subject_index_state SET generation = generation + 1 RETURNING generation INTO g;
  INSERT INTO subject_match_records (record_id, subject_id, source_subject_id, record, generation)
  SELECT n.subject_id::text, COALESCE(n.merged_into, n.subject_id), n.subject_id,
         subject_match_record(n.first_name, n.middle_name, n.last_name, n.dob, n.sex, n.a_number, n.fbi_number), g
    FROM inserted n;
  RETURN NULL;
END
$$;

CREATE FUNCTION subject_index_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  g bigint;
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM new_rows n JOIN old_rows o USING (subject_id)
     WHERE n.merged_into IS DISTINCT FROM o.merged_into
        OR subject_match_record(n.first_name, n.middle_name, n.last_name, n.dob, n.sex, n.a_number, n.fbi_number)
           <> subject_match_record(o.first_name, o.middle_name, o.last_name, o.dob, o.sex, o.a_number, o.fbi_number)) THEN
    RETURN NULL;
  END IF;
  UPDATE subject_index_state SET generation = generation + 1 RETURNING generation INTO g;
  UPDATE subject_match_records r SET subject_id = n.merged_into, generation = g
    FROM new_rows n JOIN old_rows o USING (subject_id)
   WHERE n.merged_into IS NOT NULL AND n.merged_into IS DISTINCT FROM o.merged_into
     AND r.subject_id = n.subject_id;
  INSERT INTO subject_match_records (record_id, subject_id, source_subject_id, record, generation)
  SELECT n.subject_id::text || ':' || g,
         COALESCE((SELECT r.subject_id FROM subject_match_records r WHERE r.record_id = n.subject_id::text),
                  n.merged_into, n.subject_id),
         n.subject_id, subject_match_record(n.first_name, n.middle_name, n.last_name, n.dob, n.sex, n.a_number, n.fbi_number), g
    FROM new_rows n JOIN old_rows o USING (subject_id)
   WHERE subject_match_record(n.first_name, n.middle_name, n.last_name, n.dob, n.sex, n.a_number, n.fbi_number)
         <> subject_match_record(o.first_name, o.middle_name, o.last_name, o.dob, o.sex, o.a_number, o.fbi_number);
  RETURN NULL;
END
$$;

CREATE TRIGGER subjects_index_inserted
  AFTER INSERT ON subjects REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION subject_index_inserted();

CREATE TRIGGER subjects_index_updated
  AFTER UPDATE ON subjects REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION subject_index_updated();

-- Subjects already known when this migration runs.
UPDATE subject_index_state SET generation = 1 WHERE EXISTS (SELECT 1 FROM subjects);
INSERT INTO subject_match_records (record_id, subject_id, source_subject_id, record, generation)
SELECT s.subject_id::text, COALESCE(s.merged_into, s.subject_id), s.subject_id,
       subject_match_record(s.first_name, s.middle_name, s.last_name, s.dob, s.sex, s.a_number, s.fbi_number), 1
  FROM subjects s;
