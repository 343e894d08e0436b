-- Privacy Act accounting of disclosures (security.md R24; 5 U.S.C. §552a(c)): one row per export
-- or report released to a recipient outside the agency, written in the same transaction as the
-- export's audit event. The accounting must be kept for five years or the life of the record,
-- so rows are never changed or removed (as for audit_events, migration 0005).
CREATE TABLE disclosures (
  disclosure_id uuid PRIMARY KEY,
  disclosed_at timestamptz NOT NULL,
  -- The actor who made the export (audit actor id).
  disclosed_by text NOT NULL,
  recipient_name text NOT NULL CHECK (recipient_name <> ''),
  recipient_address text,
  purpose text NOT NULL CHECK (purpose <> ''),
  -- The routine use or other §552a(b) provision the disclosure relies on.
  legal_basis text NOT NULL CHECK (legal_basis <> ''),
  -- What was disclosed: the report, its format and parameters, and a fingerprint of the bytes.
  nature text NOT NULL,
  report text NOT NULL,
  format text NOT NULL,
  content_sha256 text NOT NULL,
  -- The records released (encounter ids, case numbers; empty for aggregate tables) and the
  -- subjects they are about, for the per-subject accounting.
  record_ids text[] NOT NULL,
  record_count integer NOT NULL CHECK (record_count = cardinality(record_ids)),
  subject_ids text[] NOT NULL,
  audit_id text
);
CREATE INDEX disclosures_at_idx ON disclosures (disclosed_at);
CREATE INDEX disclosures_subjects_idx ON disclosures USING gin (subject_ids);

CREATE FUNCTION disclosures_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'disclosures is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER disclosures_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON disclosures
  FOR EACH STATEMENT EXECUTE FUNCTION disclosures_refuse_change();
