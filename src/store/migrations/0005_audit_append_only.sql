-- R19: the audit trail is append-only. Any UPDATE, DELETE or TRUNCATE of audit_events is
-- refused by a statement trigger, for every role (privileges on native PostgreSQL are the
-- second layer: see src/store/roles.ts). audit_head is updated on every append and is not
-- covered; the chain verifier compares it with the rows.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
