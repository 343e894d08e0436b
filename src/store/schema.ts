/** Kysely's view of the tables in src/store/migrations. Dates are `YYYY-MM-DD` strings. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface AuditHeadTable {
  id: number;
  seq: ColumnType<string, string | number, string | number>;
  hash: string;
}

export interface AuditEventsTable {
  seq: ColumnType<string, string | number, never>;
  event_id: string;
  occurred_at: Timestamp;
  type: string;
  actor_id: string;
  actor_role: string | null;
  agency_id: string | null;
  outcome: 'succeeded' | 'denied' | 'failed';
  resource_type: string | null;
  resource_id: string | null;
  data: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export interface UsersTable {
  user_id: string;
  email: string;
  display_name: string;
  role: string;
  agency_id: string | null;
  password_hash: string;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface AgenciesTable {
  agency_id: string;
  state: string;
  name: string;
  agency_type: string | null;
  county: string | null;
  created_at: Timestamp;
}

export interface AgencyKeysTable {
  agency_id: string;
  state: string;
  name_key: string;
}

export interface ListSnapshotsTable {
  snapshot_id: string;
  list: 'participating' | 'pending';
  snapshot_date: string;
  source_file: string;
  format: string;
  columns: string[];
  content_hash: string;
  row_count: number;
  imported_at: Timestamp;
  imported_by: string;
}

export interface SnapshotRowsTable {
  agency_id: string;
  snapshot_id: string;
  row_number: number;
  state: string;
  agency_name: string;
  agency_type: string | null;
  county: string | null;
  model: string;
  model_raw: string;
  signed_raw: string | null;
  signed_date: string | null;
  moa_url: string | null;
  addendum_url: string | null;
  flags: string[];
}

export interface AgreementsTable {
  agency_id: string;
  agreement_id: string;
  list: 'participating' | 'pending';
  model: string;
  signed_key: string;
  signed_date: string | null;
  signed_raw: string | null;
  status: string;
  first_seen: string;
  last_seen: string;
  moa_url: string | null;
  addendum_url: string | null;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Generated<Timestamp>;
}

export interface Database {
  audit_head: AuditHeadTable;
  audit_events: AuditEventsTable;
  users: UsersTable;
  sessions: SessionsTable;
  agencies: AgenciesTable;
  agency_keys: AgencyKeysTable;
  list_snapshots: ListSnapshotsTable;
  snapshot_rows: SnapshotRowsTable;
  agreements: AgreementsTable;
  schema_migrations: SchemaMigrationsTable;
}
