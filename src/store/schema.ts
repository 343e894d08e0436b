/** Kysely's view of the tables in src/store/migrations. Dates are `YYYY-MM-DD` strings. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;

export interface AuditHeadTable {
  id: number;
  seq: ColumnType<string, string | number, string | number>;
  hash: string;
}

export interface AuditEventsTable {
  seq: ColumnType<string | number, string | number, never>;
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
  locked_at: NullableTimestamp;
  created_at: Timestamp;
  totp_secret: string | null;
  totp_enrolled_at: NullableTimestamp;
  totp_last_step: ColumnType<string | number | null, number | null, number | null>;
  warrant_issuer: Generated<boolean>;
}

export interface PendingSignInsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  banner_version: string;
  enrol_secret: string | null;
  ended_at: NullableTimestamp;
  totp_verified_at: NullableTimestamp;
}

export interface SignInFailuresTable {
  user_id: string;
  failure_id: Generated<number>;
  failed_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
  reauthenticated_at: NullableTimestamp;
  mfa_method: Generated<string>;
}

/** Migration 0016: WebAuthn credentials and their one-use challenges. */
export interface WebauthnCredentialsTable {
  credential_id: string;
  user_id: string;
  public_key: string;
  counter: ColumnType<string | number, number, number>;
  transports: Generated<string>;
  device_type: string;
  backed_up: boolean;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
}

export interface WebauthnChallengesTable {
  challenge: string;
  purpose: 'register' | 'sign_in' | 'reauthenticate';
  user_id: string;
  bound_to: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
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

export interface FacilitiesTable {
  agency_id: string;
  facility_id: string;
  code: string;
  name: string;
  jurisdiction: string | null;
  created_at: Timestamp;
}

export interface MoasTable {
  agency_id: string;
  moa_id: string;
  title: string;
  created_at: Timestamp;
  created_by: string;
}

export interface MoaVersionsTable {
  agency_id: string;
  moa_id: string;
  version: number;
  models: string[];
  status: string;
  signed_on: string | null;
  effective: string;
  end_date: string | null;
  ended_at: NullableTimestamp;
  refresher_cadence_days: number;
  hold_rule: string;
  civil_holds_forbidden: boolean;
  facility_codes: string[];
  area_jurisdictions: string[];
  igsa_facility_codes: string[];
  narrowed_actions: string[];
  clauses: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  created_by: string;
}

export interface OfficersTable {
  agency_id: string;
  officer_id: string;
  user_id: string | null;
  display_name: string;
  badge: string | null;
  model: string;
  stage: string;
  nominated_at: Timestamp;
  nominated_by: string;
  certified_on: string | null;
  last_refresher_on: string | null;
  suspension_reason: string | null;
}

export interface OfficerEligibilityTable {
  agency_id: string;
  officer_id: string;
  item: string;
  satisfied: boolean;
  evidence: string;
  dated: string;
  recorded_at: Timestamp;
  recorded_by: string;
}

export interface TrainingClassesTable {
  class_id: string;
  model: string;
  course: string;
  hours: number;
  starts_on: string;
  ends_on: string;
  created_at: Timestamp;
}

export interface OfficerTrainingTable {
  agency_id: string;
  officer_id: string;
  class_id: string;
  enrolled_at: Timestamp;
}

export interface OfficerExamsTable {
  agency_id: string;
  officer_id: string;
  attempt: number;
  exam: string;
  score: ColumnType<string, number, number>;
  passed: boolean;
  taken_on: string;
}

export interface AuthorizationsTable {
  agency_id: string;
  authorization_id: string;
  officer_id: string;
  moa_id: string;
  moa_version: number;
  model: string;
  powers: string[] | null;
  starts_on: string;
  ends_on: string;
  supervising_position: string;
  ended_at: NullableTimestamp;
  end_reason: string | null;
  created_at: Timestamp;
}

export interface NotificationsTable {
  notification_id: string;
  agency_id: string | null;
  recipient_role: string;
  subject: string;
  body: string;
  created_at: Timestamp;
  read_at: NullableTimestamp;
  recipient_user: string | null;
  case_id: string | null;
  kind: string | null;
}

type Json = ColumnType<unknown, string, string>;
type NullableJson = ColumnType<unknown, string | null, string | null>;

export interface ApiTokensTable {
  token_id: string;
  agency_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  created_by: string;
  revoked_at: NullableTimestamp;
}

export interface SubjectsTable {
  subject_id: string;
  first_name: string;
  middle_name: string | null;
  last_name: string;
  dob: string;
  sex: string | null;
  fbi_number: string | null;
  fin: string | null;
  a_number: string | null;
  protected_1367: boolean;
  confirmed_citizen_at: NullableTimestamp;
  merged_into: string | null;
  created_at: Timestamp;
}

export interface BookingsTable {
  agency_id: string;
  booking_id: string;
  booking_number: string;
  facility_code: string;
  booked_at: Timestamp;
  person: Json;
  charges: Json;
  content_hash: string;
  subject_id: string | null;
  expected_release_at: NullableTimestamp;
  released_at: NullableTimestamp;
  release_reason: string | null;
  left_custody_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface BookingEventsTable {
  agency_id: string;
  booking_id: string;
  event_id: string;
  kind: string;
  occurred_at: Timestamp;
  data: Json;
  received_at: Timestamp;
}

export interface CasesTable {
  agency_id: string;
  case_id: string;
  case_number: string;
  booking_id: string | null;
  subject_id: string | null;
  facility_code: string | null;
  status: string;
  tier: number;
  priority_explanation: string;
  priority_policy_version: string;
  assigned_to: string | null;
  assigned_at: NullableTimestamp;
  opened_at: Timestamp;
  expected_release_at: NullableTimestamp;
  citizenship_review_open: boolean;
  record: Json;
  hold_started_at: NullableTimestamp;
  hold_ends_at: NullableTimestamp;
  outcome: string | null;
  outcome_reason: string | null;
  closed_at: NullableTimestamp;
  updated_at: Timestamp;
  version: number;
  model: Generated<string>;
  jurisdiction: string | null;
}

export interface CaseEventsTable {
  case_id: string;
  seq: number;
  at: Timestamp;
  actor_id: string;
  actor_role: string | null;
  kind: string;
  summary: string;
  data: Json;
  audit_event_id: string | null;
}

export interface SystemQueriesTable {
  query_id: string;
  agency_id: string;
  case_id: string;
  system: string;
  purpose: string;
  request: Json;
  state: string;
  attempts: number;
  retry_at: NullableTimestamp;
  last_error: string | null;
  response: NullableJson;
  summary: string | null;
  requested_by: string;
  requested_at: Timestamp;
  answered_at: NullableTimestamp;
}

export interface CaseTasksTable {
  task_id: string;
  agency_id: string;
  case_id: string | null;
  kind: string;
  recipient_role: string;
  title: string;
  data: Json;
  status: string;
  due_at: NullableTimestamp;
  created_at: Timestamp;
  done_at: NullableTimestamp;
  done_by: string | null;
  resolution: NullableJson;
}

export interface CaseTimersTable {
  timer_id: string;
  agency_id: string;
  case_id: string;
  kind: string;
  due_at: Timestamp;
  fired_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
}

export interface CaseDocumentsTable {
  document_id: string;
  agency_id: string;
  case_id: string;
  form: string;
  version: number;
  template_version: string;
  sha256: string;
  snapshot: Json;
  content: Buffer;
  reason: string | null;
  created_at: Timestamp;
  created_by: string;
}

export interface ReimbursementClaimsTable {
  claim_id: string;
  agency_id: string;
  officer_id: string | null;
  quarter: string;
  kind: string;
  amount_cents: ColumnType<string | number, number, number>;
  annual_salary_cents: ColumnType<string | number | null, number | null, number | null>;
  description: string;
  status: string;
  refusal_reason: string | null;
  terms_version: string;
  created_at: Timestamp;
  created_by: string;
}

export interface LeadOutcomesTable {
  lead_id: string;
  agency_id: string;
  officer_id: string;
  quarter: string;
  assigned_on: string;
  outcome: string;
  recorded_at: Timestamp;
  recorded_by: string;
}

export interface CaseNumberCountersTable {
  prefix: string;
  last: number;
}

export interface EmailOutboxTable {
  email_id: string;
  notification_id: string;
  recipient: string;
  subject: string;
  body: string;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Generated<Timestamp>;
}

export interface IdempotencyKeysTable {
  actor_id: string;
  key: string;
  route: string;
  request_hash: string;
  status: number | null;
  /** jsonb: written as a JSON string, read back parsed. */
  response: ColumnType<unknown, string | null, string | null>;
  created_at: Timestamp;
}

export interface Database {
  idempotency_keys: IdempotencyKeysTable;
  audit_head: AuditHeadTable;
  audit_events: AuditEventsTable;
  users: UsersTable;
  sessions: SessionsTable;
  webauthn_credentials: WebauthnCredentialsTable;
  webauthn_challenges: WebauthnChallengesTable;
  sign_in_failures: SignInFailuresTable;
  pending_sign_ins: PendingSignInsTable;
  agencies: AgenciesTable;
  agency_keys: AgencyKeysTable;
  list_snapshots: ListSnapshotsTable;
  snapshot_rows: SnapshotRowsTable;
  agreements: AgreementsTable;
  schema_migrations: SchemaMigrationsTable;
  facilities: FacilitiesTable;
  moas: MoasTable;
  moa_versions: MoaVersionsTable;
  officers: OfficersTable;
  officer_eligibility: OfficerEligibilityTable;
  training_classes: TrainingClassesTable;
  officer_training: OfficerTrainingTable;
  officer_exams: OfficerExamsTable;
  authorizations: AuthorizationsTable;
  notifications: NotificationsTable;
  api_tokens: ApiTokensTable;
  subjects: SubjectsTable;
  bookings: BookingsTable;
  booking_events: BookingEventsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  system_queries: SystemQueriesTable;
  case_tasks: CaseTasksTable;
  case_timers: CaseTimersTable;
  case_documents: CaseDocumentsTable;
  email_outbox: EmailOutboxTable;
  case_number_counters: CaseNumberCountersTable;
  reimbursement_claims: ReimbursementClaimsTable;
  lead_outcomes: LeadOutcomesTable;
  // Historical encounters and statistics rollups (issue 8, migration 0008).
  encounter_imports: EncounterImportsTable;
  encounters: EncountersTable;
  stat_rollup_state: StatRollupStateTable;
  stat_subject_days: StatSubjectDaysTable;
  stat_subject_repeats: StatSubjectRepeatsTable;
  // Privacy Act accounting of disclosures (issue 8 exports, migration 0012).
  disclosures: DisclosuresTable;
  // Oversight processes (issue 8, migration 0013).
  complaints: ComplaintsTable;
  complaint_events: ComplaintEventsTable;
  inspections: InspectionsTable;
  inspection_findings: InspectionFindingsTable;
  committee_meetings: CommitteeMeetingsTable;
  committee_action_items: CommitteeActionItemsTable;
  committee_action_item_events: CommitteeActionItemEventsTable;
}

// Historical encounters and statistics rollups (issue 8, migration 0008) ---------------------

export interface EncounterImportsTable {
  import_id: string;
  source_file: string;
  rows_read: Generated<number>;
  rows_new: Generated<number>;
  imported_by: string;
  imported_at: Timestamp;
}

export interface EncountersTable {
  encounter_id: string;
  seq: ColumnType<string | number, never, never>;
  /** The import file, or null for an encounter fed by a case (ADR 0005). */
  import_id: string | null;
  agency: string;
  state: string;
  model: 'JEM' | 'WSO' | 'TFM';
  encounter_date: string;
  subject_id: string;
  conviction_codes: string[];
  conviction_dates: string[];
  pending_charges: string[];
  detainer_issued: boolean;
  removal_proceedings: boolean;
  row_hash: string;
  case_id: ColumnType<string | null, string | null | undefined, never>;
  /** Set when a later version of the same case replaced this one. */
  superseded_seq: ColumnType<
    string | number | null,
    string | number | null | undefined,
    string | number | null
  >;
  arrest: ColumnType<boolean, boolean | undefined, boolean>;
  transfer: ColumnType<boolean, boolean | undefined, boolean>;
  detainer_outcome: string | null;
  lift_reason: string | null;
  hold_minutes: number | null;
  citizenship: string | null;
  reviews: ColumnType<unknown[], string | undefined, string>;
}

export interface StatRollupStateTable {
  id: number;
  through_seq: ColumnType<string | number, string | number, string | number>;
  refreshed_at: NullableTimestamp;
}

export type RollupMeasureColumns = {
  [K in `m${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10}`]: ColumnType<number, number | undefined, number>;
};

export interface StatSubjectDaysTable extends RollupMeasureColumns {
  model: string;
  state: string;
  grain: 'D' | 'M';
  day: string;
}

export interface StatSubjectRepeatsTable extends RollupMeasureColumns {
  model: string;
  state: string;
  p_grain: 'D' | 'M';
  d_grain: 'D' | 'M';
  p: string;
  d: string;
}

// Privacy Act accounting of disclosures (issue 8 exports, migration 0012) ----------------------

export interface DisclosuresTable {
  disclosure_id: string;
  disclosed_at: Timestamp;
  disclosed_by: string;
  recipient_name: string;
  recipient_address: string | null;
  purpose: string;
  legal_basis: string;
  nature: string;
  report: string;
  format: string;
  content_sha256: string;
  record_ids: string[];
  record_count: number;
  subject_ids: string[];
  audit_id: string | null;
}

// Oversight processes: complaints, inspections, steering committees (issue 8, migration 0013) ---

export interface ComplaintsTable {
  complaint_id: string;
  reference: string;
  channel: 'public_form' | 'phone' | 'paper' | 'in_person';
  language: string;
  agency_id: string | null;
  agency_named: string | null;
  occurred_on: string | null;
  location: string | null;
  narrative: string;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  officer_ids: ColumnType<string[], string[] | undefined, string[]>;
  case_ids: ColumnType<string[], string[] | undefined, string[]>;
  moa_ids: ColumnType<string[], string[] | undefined, string[]>;
  status: 'received' | 'acknowledged' | 'forwarded' | 'closed';
  received_at: Timestamp;
  received_by: string;
  acknowledged_at: NullableTimestamp;
  forwarded_at: NullableTimestamp;
  opr_reference: string | null;
  closed_at: NullableTimestamp;
  outcome: string | null;
  updated_at: Timestamp;
}

export interface ComplaintEventsTable {
  complaint_id: string;
  seq: number;
  at: Timestamp;
  by_actor: string;
  kind: string;
  note: string | null;
}

export interface InspectionsTable {
  inspection_id: string;
  agency_id: string;
  moa_id: string;
  moa_version: number;
  model: 'JEM' | 'WSO' | 'TFM';
  due_on: string;
  checklist: ColumnType<unknown, string | undefined, string>;
  status: 'scheduled' | 'completed';
  completed_on: string | null;
  follow_up_due_on: string | null;
  scheduled_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InspectionFindingsTable {
  finding_id: string;
  inspection_id: string;
  summary: string;
  clause_id: string | null;
  corrective_action: string | null;
  corrective_due_on: string | null;
  status: 'open' | 'corrected' | 'verified';
  corrected_on: string | null;
  verified_on: string | null;
  created_at: Timestamp;
  /** Migration 0022: who reported the correction or verified it, and their notes. */
  corrected_by: string | null;
  corrected_note: string | null;
  verified_by: string | null;
  verified_note: string | null;
}

export interface CommitteeMeetingsTable {
  meeting_id: string;
  agency_id: string;
  moa_id: string;
  scheduled_on: string;
  status: 'scheduled' | 'held' | 'cancelled';
  held_on: string | null;
  attendees: ColumnType<unknown, string | undefined, string>;
  minutes: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Migration 0022: a steering-committee action item, marked done and reopened. */
export interface CommitteeActionItemsTable {
  item_id: string;
  meeting_id: string;
  seq: number;
  summary: string;
  owner: string;
  due_on: string | null;
  status: 'open' | 'done';
  done_on: string | null;
  done_at: NullableTimestamp;
  done_by: string | null;
  done_note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommitteeActionItemEventsTable {
  item_id: string;
  seq: number;
  at: Timestamp;
  by_actor: string;
  kind: 'done' | 'reopened';
  on_date: string | null;
  note: string | null;
}
