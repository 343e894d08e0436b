-- Issue 7: chain format 2. Each row keeps, in a generated column, the exact bytes its hash
-- covers: its columns as one JSON object with sorted keys, `data` as PostgreSQL renders the
-- jsonb, the time to the microsecond. Being generated, `canonical` always says what the columns
-- say (any UPDATE recomputes it), so `audit verify` hashes stored bytes instead of rebuilding
-- every row, and the appender computes the hash in the statement that appends the row.
-- Rows written before this migration keep format 1 (canonical NULL; see src/store/audit.ts).
-- The indexes serve the auditor's search, which pages by sequence.
ALTER TABLE audit_events ADD COLUMN chain_version smallint NOT NULL DEFAULT 1
  CHECK (chain_version IN (1, 2));

-- PL/pgSQL, so its plan is cached per session (a SQL function that cannot be inlined is
-- planned again at every call).
CREATE FUNCTION audit_canonical_v2(
  seq bigint, event_id uuid, occurred_at timestamptz, type text, actor_id text, actor_role text,
  agency_id uuid, outcome text, resource_type text, resource_id text, data jsonb
) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN '{"actorId":' || to_json(actor_id)::text
    || ',"actorRole":' || coalesce(to_json(actor_role)::text, 'null')
    || ',"agencyId":' || coalesce(to_json(agency_id::text)::text, 'null')
    || ',"data":' || data::text
    || ',"eventId":' || to_json(event_id::text)::text
    || ',"occurredAt":"' || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    || '","outcome":' || to_json(outcome)::text
    || ',"resourceId":' || coalesce(to_json(resource_id)::text, 'null')
    || ',"resourceType":' || coalesce(to_json(resource_type)::text, 'null')
    || ',"seq":' || seq::text
    || ',"type":' || to_json(type)::text || '}';
END
$$;

ALTER TABLE audit_events ADD COLUMN canonical text GENERATED ALWAYS AS (
  CASE WHEN chain_version = 2 THEN audit_canonical_v2(seq, event_id, occurred_at, type, actor_id, actor_role,
    agency_id, outcome, resource_type, resource_id, data) END
) STORED;

-- One append: advance the head from (seq - 1, prev) to (seq, hash) and insert the row, or do
-- nothing when the head is elsewhere (NULL). Returns the row's canonical bytes, which the
-- caller compares with the bytes it hashed. PL/pgSQL caches both statements' plans.
CREATE FUNCTION audit_append_v2(
  p_seq bigint, p_prev text, p_hash text, p_event_id uuid, p_occurred_at timestamptz, p_type text,
  p_actor_id text, p_actor_role text, p_agency_id uuid, p_outcome text, p_resource_type text,
  p_resource_id text, p_data jsonb
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  stored text;
BEGIN
  UPDATE audit_head SET seq = p_seq, hash = p_hash WHERE id = 1 AND seq = p_seq - 1 AND hash = p_prev;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  INSERT INTO audit_events (seq, event_id, occurred_at, type, actor_id, actor_role, agency_id, outcome,
                            resource_type, resource_id, data, prev_hash, hash, chain_version)
  VALUES (p_seq, p_event_id, p_occurred_at, p_type, p_actor_id, p_actor_role, p_agency_id, p_outcome,
          p_resource_type, p_resource_id, p_data, p_prev, p_hash, 2)
  RETURNING canonical INTO stored;
  RETURN stored;
END
$$;

CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, seq);
CREATE INDEX audit_events_resource_idx ON audit_events (resource_type, resource_id, seq);
CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at, seq);
