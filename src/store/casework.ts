/** Bookings, subjects, screening cases and everything attached to them. Called only from use cases. */
import { sql } from 'kysely';
import type { CaseRecord, CaseStatus } from '../domain/jem-case.ts';
import type { Db, Tx } from './db.ts';
import {
  syncBookingEncounters,
  syncCaseEncounter,
  syncQueryEncounter,
  syncSubjectEncounters,
} from './measures.ts';
import { queueEmails } from './notifications.ts';

type Q = Db | Tx;

export interface BookingRow {
  agencyId: string;
  bookingId: string;
  bookingNumber: string;
  facilityCode: string;
  bookedAt: Date;
  person: Record<string, unknown>;
  charges: Array<{ ncic: string; description: string; level: string; statute?: string }>;
  contentHash: string;
  subjectId: string | null;
  expectedReleaseAt: Date | null;
  releasedAt: Date | null;
  releaseReason: string | null;
  leftCustodyAt: Date | null;
}

const bookingColumns = [
  'agency_id as agencyId',
  'booking_id as bookingId',
  'booking_number as bookingNumber',
  'facility_code as facilityCode',
  'booked_at as bookedAt',
  'person',
  'charges',
  'content_hash as contentHash',
  'subject_id as subjectId',
  'expected_release_at as expectedReleaseAt',
  'released_at as releasedAt',
  'release_reason as releaseReason',
  'left_custody_at as leftCustodyAt',
] as const;

export async function findBookingByNumber(q: Q, agencyId: string, bookingNumber: string) {
  const r = await q
    .selectFrom('bookings')
    .select(bookingColumns)
    .where('agency_id', '=', agencyId)
    .where('booking_number', '=', bookingNumber)
    .executeTakeFirst();
  return (r as BookingRow | undefined) ?? null;
}

export async function findBooking(q: Q, bookingId: string) {
  const r = await q
    .selectFrom('bookings')
    .select(bookingColumns)
    .where('booking_id', '=', bookingId)
    .executeTakeFirst();
  return (r as BookingRow | undefined) ?? null;
}

export async function insertBooking(tx: Tx, b: BookingRow, at: Date) {
  await tx
    .insertInto('bookings')
    .values({
      agency_id: b.agencyId,
      booking_id: b.bookingId,
      booking_number: b.bookingNumber,
      facility_code: b.facilityCode,
      booked_at: b.bookedAt,
      person: JSON.stringify(b.person),
      charges: JSON.stringify(b.charges),
      content_hash: b.contentHash,
      subject_id: b.subjectId,
      expected_release_at: b.expectedReleaseAt,
      released_at: null,
      release_reason: null,
      left_custody_at: null,
      created_at: at,
    })
    .execute();
}

export async function updateBooking(
  tx: Tx,
  bookingId: string,
  patch: Partial<{
    charges: BookingRow['charges'];
    releasedAt: Date;
    releaseReason: string;
    leftCustodyAt: Date;
    subjectId: string;
  }>,
) {
  await tx
    .updateTable('bookings')
    .set({
      ...(patch.charges ? { charges: JSON.stringify(patch.charges) } : {}),
      ...(patch.releasedAt ? { released_at: patch.releasedAt } : {}),
      ...(patch.releaseReason ? { release_reason: patch.releaseReason } : {}),
      ...(patch.leftCustodyAt ? { left_custody_at: patch.leftCustodyAt } : {}),
      ...(patch.subjectId ? { subject_id: patch.subjectId } : {}),
    })
    .where('booking_id', '=', bookingId)
    .execute();
  // The booking's charges and release feed the case's encounter (issue 8 measures, ADR 0005).
  await syncBookingEncounters(tx, bookingId);
}

export async function insertBookingEvent(
  tx: Tx,
  e: { agencyId: string; bookingId: string; eventId: string; kind: string; occurredAt: Date; data: object },
  at: Date,
) {
  await tx
    .insertInto('booking_events')
    .values({
      agency_id: e.agencyId,
      booking_id: e.bookingId,
      event_id: e.eventId,
      kind: e.kind,
      occurred_at: e.occurredAt,
      data: JSON.stringify(e.data),
      received_at: at,
    })
    .execute();
}

// Subjects ---------------------------------------------------------------------------------

export interface SubjectRow {
  subjectId: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  dob: string;
  sex: string | null;
  fbiNumber: string | null;
  fin: string | null;
  aNumber: string | null;
  protected1367: boolean;
  confirmedCitizenAt: Date | null;
}

const subjectColumns = [
  'subject_id as subjectId',
  'first_name as firstName',
  'middle_name as middleName',
  'last_name as lastName',
  'dob',
  'sex',
  'fbi_number as fbiNumber',
  'fin',
  'a_number as aNumber',
  'protected_1367 as protected1367',
  'confirmed_citizen_at as confirmedCitizenAt',
] as const;

export async function findSubject(q: Q, subjectId: string) {
  const r = await q
    .selectFrom('subjects')
    .select(subjectColumns)
    .where('subject_id', '=', subjectId)
    .executeTakeFirst();
  return (r as SubjectRow | undefined) ?? null;
}

/** Subjects that share an identifier, or the date of birth, or the surname and year of birth. */
export async function subjectCandidates(
  q: Q,
  p: {
    lastName: string;
    dob: string;
    fbiNumber?: string | undefined;
    fin?: string | undefined;
    aNumber?: string | undefined;
  },
): Promise<SubjectRow[]> {
  const rows = await q
    .selectFrom('subjects')
    .select(subjectColumns)
    .where('merged_into', 'is', null)
    .where((eb) =>
      eb.or([
        ...(p.fbiNumber ? [eb('fbi_number', '=', p.fbiNumber)] : []),
        ...(p.fin ? [eb('fin', '=', p.fin)] : []),
        ...(p.aNumber ? [eb('a_number', '=', p.aNumber)] : []),
        eb('dob', '=', p.dob),
        eb.and([
          eb(sql`lower(last_name)`, '=', p.lastName.toLowerCase()),
          eb(sql`extract(year from dob)`, '=', Number(p.dob.slice(0, 4))),
        ]),
      ]),
    )
    .limit(200)
    .execute();
  return rows as SubjectRow[];
}

export async function insertSubject(tx: Tx, s: SubjectRow, at: Date) {
  await tx
    .insertInto('subjects')
    .values({
      subject_id: s.subjectId,
      first_name: s.firstName,
      middle_name: s.middleName,
      last_name: s.lastName,
      dob: s.dob,
      sex: s.sex,
      fbi_number: s.fbiNumber,
      fin: s.fin,
      a_number: s.aNumber,
      protected_1367: s.protected1367,
      confirmed_citizen_at: null,
      merged_into: null,
      created_at: at,
    })
    .execute();
}

export async function fillSubjectIdentifiers(
  tx: Tx,
  subjectId: string,
  ids: { fbiNumber?: string | null; fin?: string | null; aNumber?: string | null },
) {
  await tx
    .updateTable('subjects')
    .set((eb) => ({
      fbi_number: eb.fn.coalesce('fbi_number', sql<string | null>`${ids.fbiNumber ?? null}::text`),
      fin: eb.fn.coalesce('fin', sql<string | null>`${ids.fin ?? null}::text`),
      a_number: eb.fn.coalesce('a_number', sql<string | null>`${ids.aNumber ?? null}::text`),
    }))
    .where('subject_id', '=', subjectId)
    .execute();
}

export async function markConfirmedCitizen(tx: Tx, subjectId: string, at: Date) {
  await tx
    .updateTable('subjects')
    .set({ confirmed_citizen_at: at })
    .where('subject_id', '=', subjectId)
    .execute();
}

export async function mergeSubject(tx: Tx, from: string, into: string) {
  await tx.updateTable('subjects').set({ merged_into: into }).where('subject_id', '=', from).execute();
  await tx.updateTable('bookings').set({ subject_id: into }).where('subject_id', '=', from).execute();
  await tx.updateTable('cases').set({ subject_id: into }).where('subject_id', '=', from).execute();
  await syncSubjectEncounters(tx, into);
}

// Cases ------------------------------------------------------------------------------------

export type CaseModel = 'JEM' | 'WSO' | 'TFM';

export interface CaseRow {
  agencyId: string;
  caseId: string;
  caseNumber: string;
  model: CaseModel;
  /** The booking the case is about; null for a TFM field encounter. */
  bookingId: string | null;
  subjectId: string | null;
  /** The jail (JEM, WSO); null for a TFM field encounter. */
  facilityCode: string | null;
  /** TFM: where the encounter happened, inside the agreement's area of responsibility. */
  jurisdiction: string | null;
  status: CaseStatus;
  tier: number;
  priorityExplanation: string;
  priorityPolicyVersion: string;
  assignedTo: string | null;
  assignedAt: Date | null;
  openedAt: Date;
  expectedReleaseAt: Date | null;
  citizenshipReviewOpen: boolean;
  record: CaseRecord;
  holdStartedAt: Date | null;
  holdEndsAt: Date | null;
  outcome: string | null;
  outcomeReason: string | null;
  closedAt: Date | null;
  updatedAt: Date;
  version: number;
}

const caseColumns = [
  'agency_id as agencyId',
  'case_id as caseId',
  'case_number as caseNumber',
  'model',
  'jurisdiction',
  'booking_id as bookingId',
  'subject_id as subjectId',
  'facility_code as facilityCode',
  'status',
  'tier',
  'priority_explanation as priorityExplanation',
  'priority_policy_version as priorityPolicyVersion',
  'assigned_to as assignedTo',
  'assigned_at as assignedAt',
  'opened_at as openedAt',
  'expected_release_at as expectedReleaseAt',
  'citizenship_review_open as citizenshipReviewOpen',
  'record',
  'hold_started_at as holdStartedAt',
  'hold_ends_at as holdEndsAt',
  'outcome',
  'outcome_reason as outcomeReason',
  'closed_at as closedAt',
  'updated_at as updatedAt',
  'version',
] as const;

export async function findCase(q: Q, caseId: string): Promise<CaseRow | null> {
  const r = await q.selectFrom('cases').select(caseColumns).where('case_id', '=', caseId).executeTakeFirst();
  return (r as CaseRow | undefined) ?? null;
}

export async function findCaseByBooking(q: Q, bookingId: string): Promise<CaseRow | null> {
  const r = await q
    .selectFrom('cases')
    .select(caseColumns)
    .where('booking_id', '=', bookingId)
    .executeTakeFirst();
  return (r as CaseRow | undefined) ?? null;
}

export async function insertCase(tx: Tx, c: CaseRow) {
  await tx
    .insertInto('cases')
    .values({
      agency_id: c.agencyId,
      case_id: c.caseId,
      case_number: c.caseNumber,
      model: c.model,
      jurisdiction: c.jurisdiction,
      booking_id: c.bookingId,
      subject_id: c.subjectId,
      facility_code: c.facilityCode,
      status: c.status,
      tier: c.tier,
      priority_explanation: c.priorityExplanation,
      priority_policy_version: c.priorityPolicyVersion,
      assigned_to: c.assignedTo,
      assigned_at: c.assignedAt,
      opened_at: c.openedAt,
      expected_release_at: c.expectedReleaseAt,
      citizenship_review_open: c.citizenshipReviewOpen,
      record: JSON.stringify(c.record),
      hold_started_at: null,
      hold_ends_at: null,
      outcome: null,
      outcome_reason: null,
      closed_at: null,
      updated_at: c.updatedAt,
      version: 1,
    })
    .execute();
  // Every case is an encounter for the measures, written in the same transaction (ADR 0005).
  await syncCaseEncounter(tx, c.caseId);
}

export type CasePatch = Partial<
  Pick<
    CaseRow,
    | 'status'
    | 'tier'
    | 'priorityExplanation'
    | 'priorityPolicyVersion'
    | 'assignedTo'
    | 'assignedAt'
    | 'expectedReleaseAt'
    | 'citizenshipReviewOpen'
    | 'record'
    | 'holdStartedAt'
    | 'holdEndsAt'
    | 'outcome'
    | 'outcomeReason'
    | 'closedAt'
    | 'subjectId'
  >
>;

/** Applies a change if the case is still at `version` (optimistic: two officers, one wins). */
export async function updateCase(
  tx: Tx,
  caseId: string,
  version: number,
  patch: CasePatch,
  at: Date,
): Promise<boolean> {
  const set: Record<string, unknown> = { updated_at: at, version: version + 1 };
  const columns: Record<keyof CasePatch, string> = {
    status: 'status',
    tier: 'tier',
    priorityExplanation: 'priority_explanation',
    priorityPolicyVersion: 'priority_policy_version',
    assignedTo: 'assigned_to',
    assignedAt: 'assigned_at',
    expectedReleaseAt: 'expected_release_at',
    citizenshipReviewOpen: 'citizenship_review_open',
    record: 'record',
    holdStartedAt: 'hold_started_at',
    holdEndsAt: 'hold_ends_at',
    outcome: 'outcome',
    outcomeReason: 'outcome_reason',
    closedAt: 'closed_at',
    subjectId: 'subject_id',
  };
  for (const [k, v] of Object.entries(patch) as Array<[keyof CasePatch, unknown]>) {
    if (v === undefined) continue;
    set[columns[k]] = k === 'record' ? JSON.stringify(v) : v;
  }
  const r = await tx
    .updateTable('cases')
    .set(set)
    .where('case_id', '=', caseId)
    .where('version', '=', version)
    .executeTakeFirst();
  const updated = Number(r.numUpdatedRows) === 1;
  if (updated) await syncCaseEncounter(tx, caseId);
  return updated;
}

export async function nextCaseNumber(tx: Tx, at: Date, model: CaseModel = 'JEM'): Promise<string> {
  const prefix = `${model}-${at.getUTCFullYear()}`;
  const r = await sql<{ n: number }>`
    INSERT INTO case_number_counters (prefix, last) VALUES (${prefix}, 1)
    ON CONFLICT (prefix) DO UPDATE SET last = case_number_counters.last + 1
    RETURNING last AS n`.execute(tx);
  return `${prefix}-${String(r.rows[0]!.n).padStart(6, '0')}`;
}

export async function appendCaseEvent(
  tx: Tx,
  e: {
    caseId: string;
    at: Date;
    actorId: string;
    actorRole: string | null;
    kind: string;
    summary: string;
    data: object;
    auditEventId: string | null;
  },
) {
  await tx
    .insertInto('case_events')
    .values((eb) => ({
      case_id: e.caseId,
      seq: eb
        .selectFrom('case_events')
        .select(sql<number>`coalesce(max(seq), 0) + 1`.as('next'))
        .where('case_id', '=', e.caseId),
      at: e.at,
      actor_id: e.actorId,
      actor_role: e.actorRole,
      kind: e.kind,
      summary: e.summary,
      data: JSON.stringify(e.data),
      audit_event_id: e.auditEventId,
    }))
    .execute();
}

export async function caseEvents(q: Q, caseId: string) {
  return q
    .selectFrom('case_events')
    .select(['seq', 'at', 'actor_id as actorId', 'actor_role as actorRole', 'kind', 'summary', 'data'])
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
}

export interface QueueRow {
  caseId: string;
  caseNumber: string;
  model: CaseModel;
  jurisdiction: string | null;
  agencyId: string;
  facilityCode: string | null;
  status: CaseStatus;
  tier: number;
  priorityExplanation: string;
  expectedReleaseAt: Date | null;
  openedAt: Date;
  assignedTo: string | null;
  subjectName: string;
  dob: string;
  holdEndsAt: Date | null;
  assignedToName: string | null;
  /** When the case last changed: the start of the wait for whoever acts next. */
  awaitingSince: Date;
  /** What ICE must do next, when the case waits on ICE. */
  iceAction: string | null;
}

/** Open cases of an agency (one facility, or all), by tier then time to release; keyset-paged. */
export async function queue(
  q: Q,
  f: {
    agencyId: string | null;
    facilityCode?: string | undefined;
    statuses?: readonly CaseStatus[] | undefined;
    assignedTo?: string | undefined;
    after?: { tier: number; release: string; caseId: string } | undefined;
    /** Only cases waiting on ICE (I-213 review, signatures, detainer approval). */
    awaitingIce?: boolean | undefined;
    models?: readonly CaseModel[] | undefined;
    limit: number;
  },
): Promise<QueueRow[]> {
  const iceAction = sql<string | null>`case
    when c.status = 'i213_submitted' then 'review_i213'
    when c.status = 'detainer_drafted' then 'approve_detainer'
    when c.status = 'i213_approved' and c.record->'charging' is not null
      and c.record->'charging'->>'signedAt' is null then 'sign_charging_document'
    when c.status = 'i213_approved' and c.record->'warrant' is null then 'sign_warrant'
    else null end`;
  let query = q
    .selectFrom('cases as c')
    .leftJoin('bookings as b', 'b.booking_id', 'c.booking_id')
    .leftJoin('subjects as s', 's.subject_id', 'c.subject_id')
    .leftJoin('users as u', 'u.user_id', 'c.assigned_to')
    .select([
      'u.display_name as assignedToName',
      'c.updated_at as awaitingSince',
      iceAction.as('iceAction'),
      'c.case_id as caseId',
      'c.case_number as caseNumber',
      'c.agency_id as agencyId',
      'c.facility_code as facilityCode',
      'c.status',
      'c.tier',
      'c.priority_explanation as priorityExplanation',
      'c.expected_release_at as expectedReleaseAt',
      'c.opened_at as openedAt',
      'c.assigned_to as assignedTo',
      'c.model',
      'c.jurisdiction',
      sql<string>`coalesce((b.person->>'lastName') || ', ' || (b.person->>'firstName'), s.last_name || ', ' || s.first_name)`.as(
        'subjectName',
      ),
      sql<string>`coalesce(b.person->>'dob', s.dob::text)`.as('dob'),
      'c.hold_ends_at as holdEndsAt',
    ])
    .where('c.closed_at', 'is', null)
    // 8 U.S.C. §1367: protected subjects are not in any list (R11).
    .where(sql<boolean>`coalesce(s.protected_1367, false)`, '=', false);
  if (f.agencyId) query = query.where('c.agency_id', '=', f.agencyId);
  if (f.facilityCode) query = query.where('c.facility_code', '=', f.facilityCode);
  if (f.statuses) query = query.where('c.status', 'in', [...f.statuses]);
  if (f.assignedTo) query = query.where('c.assigned_to', '=', f.assignedTo);
  if (f.models) query = query.where('c.model', 'in', [...f.models]);
  if (f.awaitingIce) query = query.where(sql<boolean>`(${iceAction}) is not null`);
  const releaseKey = sql`coalesce(c.expected_release_at, 'infinity'::timestamptz)`;
  if (f.after) {
    const a = f.after;
    query = query.where(
      sql<boolean>`(c.tier, ${releaseKey}, c.case_id) > (${a.tier}, ${a.release}::timestamptz, ${a.caseId}::uuid)`,
    );
  }
  const rows = await query
    .orderBy('c.tier')
    .orderBy(releaseKey)
    .orderBy('c.case_id')
    .limit(f.limit)
    .execute();
  return rows as QueueRow[];
}

// Tasks, timers, queries, documents, notifications -------------------------------------------

export async function insertTask(
  tx: Tx,
  t: {
    taskId: string;
    agencyId: string;
    caseId: string | null;
    kind: string;
    recipientRole: string;
    title: string;
    data: object;
    dueAt: Date | null;
  },
  at: Date,
) {
  await tx
    .insertInto('case_tasks')
    .values({
      task_id: t.taskId,
      agency_id: t.agencyId,
      case_id: t.caseId,
      kind: t.kind,
      recipient_role: t.recipientRole,
      title: t.title,
      data: JSON.stringify(t.data),
      status: 'open',
      due_at: t.dueAt,
      created_at: at,
      done_at: null,
      done_by: null,
      resolution: null,
    })
    .execute();
}

export async function closeTasks(
  tx: Tx,
  caseId: string,
  kinds: string[],
  by: string,
  at: Date,
  resolution: object,
) {
  if (kinds.length === 0) return;
  await tx
    .updateTable('case_tasks')
    .set({ status: 'done', done_at: at, done_by: by, resolution: JSON.stringify(resolution) })
    .where('case_id', '=', caseId)
    .where('kind', 'in', kinds)
    .where('status', '=', 'open')
    .execute();
}

export async function tasksOf(q: Q, caseId: string) {
  return q
    .selectFrom('case_tasks')
    .select([
      'task_id as taskId',
      'kind',
      'recipient_role as recipientRole',
      'title',
      'status',
      'due_at as dueAt',
      'created_at as createdAt',
      'done_at as doneAt',
      'data',
    ])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
}

export async function openTasks(q: Q, f: { roles: string[]; agencyId: string | null; limit: number }) {
  let query = q
    .selectFrom('case_tasks as t')
    .leftJoin('cases as c', 'c.case_id', 't.case_id')
    .leftJoin('subjects as s', 's.subject_id', 'c.subject_id')
    .select([
      't.task_id as taskId',
      't.kind',
      't.title',
      't.case_id as caseId',
      'c.case_number as caseNumber',
      't.due_at as dueAt',
      't.created_at as createdAt',
    ])
    .where('t.status', '=', 'open')
    .where('t.recipient_role', 'in', f.roles)
    .where(sql<boolean>`coalesce(s.protected_1367, false)`, '=', false);
  if (f.agencyId) query = query.where('t.agency_id', '=', f.agencyId);
  return query.orderBy('t.created_at').limit(f.limit).execute();
}

export async function insertTimers(
  tx: Tx,
  timers: Array<{ timerId: string; agencyId: string; caseId: string; kind: string; dueAt: Date }>,
) {
  if (timers.length === 0) return;
  await tx
    .insertInto('case_timers')
    .values(
      timers.map((t) => ({
        timer_id: t.timerId,
        agency_id: t.agencyId,
        case_id: t.caseId,
        kind: t.kind,
        due_at: t.dueAt,
        fired_at: null,
        cancelled_at: null,
      })),
    )
    .execute();
}

export async function cancelTimers(tx: Tx, caseId: string, at: Date) {
  await tx
    .updateTable('case_timers')
    .set({ cancelled_at: at })
    .where('case_id', '=', caseId)
    .where('fired_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
}

/** Due timers, locked so two sweepers never fire the same one. */
export async function claimDueTimers(tx: Tx, at: Date, limit: number) {
  return tx
    .selectFrom('case_timers')
    .select(['timer_id as timerId', 'agency_id as agencyId', 'case_id as caseId', 'kind', 'due_at as dueAt'])
    .where('fired_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .where('due_at', '<=', at)
    .orderBy('due_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markTimerFired(tx: Tx, timerId: string, at: Date) {
  await tx.updateTable('case_timers').set({ fired_at: at }).where('timer_id', '=', timerId).execute();
}

export async function timersOf(q: Q, caseId: string) {
  return q
    .selectFrom('case_timers')
    .select(['kind', 'due_at as dueAt', 'fired_at as firedAt', 'cancelled_at as cancelledAt'])
    .where('case_id', '=', caseId)
    .orderBy('due_at')
    .execute();
}

export interface SystemQueryRow {
  queryId: string;
  agencyId: string;
  caseId: string;
  system: string;
  purpose: string;
  request: Record<string, unknown>;
  state: 'requested' | 'attempted' | 'answered' | 'failed';
  attempts: number;
  retryAt: Date | null;
  lastError: string | null;
  response: Record<string, unknown> | null;
  summary: string | null;
  requestedBy: string;
  requestedAt: Date;
  answeredAt: Date | null;
}

const queryColumns = [
  'query_id as queryId',
  'agency_id as agencyId',
  'case_id as caseId',
  'system',
  'purpose',
  'request',
  'state',
  'attempts',
  'retry_at as retryAt',
  'last_error as lastError',
  'response',
  'summary',
  'requested_by as requestedBy',
  'requested_at as requestedAt',
  'answered_at as answeredAt',
] as const;

export async function insertQuery(tx: Tx, r: SystemQueryRow) {
  await tx
    .insertInto('system_queries')
    .values({
      query_id: r.queryId,
      agency_id: r.agencyId,
      case_id: r.caseId,
      system: r.system,
      purpose: r.purpose,
      request: JSON.stringify(r.request),
      state: r.state,
      attempts: r.attempts,
      retry_at: r.retryAt,
      last_error: null,
      response: null,
      summary: null,
      requested_by: r.requestedBy,
      requested_at: r.requestedAt,
      answered_at: null,
    })
    .execute();
}

export async function queriesOf(q: Q, caseId: string): Promise<SystemQueryRow[]> {
  const rows = await q
    .selectFrom('system_queries')
    .select(queryColumns)
    .where('case_id', '=', caseId)
    .orderBy('requested_at')
    .execute();
  return rows as SystemQueryRow[];
}

/** Queries whose next attempt is due; locked so two workers never send the same one. */
export async function claimDueQueries(tx: Tx, at: Date, limit: number): Promise<SystemQueryRow[]> {
  const rows = await tx
    .selectFrom('system_queries')
    .select(queryColumns)
    .where('state', 'in', ['requested', 'attempted'])
    .where('retry_at', '<=', at)
    .orderBy('retry_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows as SystemQueryRow[];
}

export async function updateQuery(
  tx: Tx,
  queryId: string,
  patch: {
    state: SystemQueryRow['state'];
    attempts: number;
    retryAt: Date | null;
    lastError?: string | null;
    response?: object | null;
    summary?: string | null;
    answeredAt?: Date | null;
  },
) {
  await tx
    .updateTable('system_queries')
    .set({
      state: patch.state,
      attempts: patch.attempts,
      retry_at: patch.retryAt,
      ...(patch.lastError !== undefined ? { last_error: patch.lastError } : {}),
      ...(patch.response !== undefined
        ? { response: patch.response === null ? null : JSON.stringify(patch.response) }
        : {}),
      ...(patch.summary !== undefined ? { summary: patch.summary } : {}),
      ...(patch.answeredAt !== undefined ? { answered_at: patch.answeredAt } : {}),
    })
    .where('query_id', '=', queryId)
    .execute();
  if (patch.state === 'answered') await syncQueryEncounter(tx, queryId);
}

export interface DocumentRow {
  documentId: string;
  agencyId: string;
  caseId: string;
  form: string;
  version: number;
  templateVersion: string;
  sha256: string;
  snapshot: object;
  content: Uint8Array;
  reason: string | null;
  createdAt: Date;
  createdBy: string;
}

export async function insertDocument(tx: Tx, d: DocumentRow) {
  await tx
    .insertInto('case_documents')
    .values({
      document_id: d.documentId,
      agency_id: d.agencyId,
      case_id: d.caseId,
      form: d.form,
      version: d.version,
      template_version: d.templateVersion,
      sha256: d.sha256,
      snapshot: JSON.stringify(d.snapshot),
      content: Buffer.from(d.content),
      reason: d.reason,
      created_at: d.createdAt,
      created_by: d.createdBy,
    })
    .execute();
}

export async function documentsOf(q: Q, caseId: string) {
  return q
    .selectFrom('case_documents')
    .select([
      'document_id as documentId',
      'form',
      'version',
      'template_version as templateVersion',
      'sha256',
      'reason',
      'created_at as createdAt',
      'created_by as createdBy',
    ])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('form')
    .orderBy('version')
    .execute();
}

export async function latestDocumentVersion(q: Q, caseId: string, form: string): Promise<number> {
  const r = await q
    .selectFrom('case_documents')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('case_id', '=', caseId)
    .where('form', '=', form)
    .executeTakeFirst();
  return Number(r?.v ?? 0);
}

export async function findDocument(q: Q, documentId: string) {
  const r = await q
    .selectFrom('case_documents')
    .select([
      'document_id as documentId',
      'agency_id as agencyId',
      'case_id as caseId',
      'form',
      'version',
      'sha256',
      'content',
    ])
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  return r ?? null;
}

export async function notifyCase(
  tx: Tx,
  n: {
    notificationId: string;
    agencyId: string | null;
    recipientRole: string;
    recipientUser?: string | null;
    caseId: string | null;
    kind: string;
    subject: string;
    body: string;
  },
  at: Date,
) {
  await tx
    .insertInto('notifications')
    .values({
      notification_id: n.notificationId,
      agency_id: n.agencyId,
      recipient_role: n.recipientRole,
      recipient_user: n.recipientUser ?? null,
      case_id: n.caseId,
      kind: n.kind,
      subject: n.subject,
      body: n.body,
      created_at: at,
    })
    .execute();
  // Its email copies, in the same transaction; sent after commit by the delivery job.
  await queueEmails(tx, n, at);
}

export async function userFlags(q: Q, userId: string) {
  const r = await q
    .selectFrom('users')
    .select(['user_id as userId', 'warrant_issuer as warrantIssuer', 'display_name as displayName', 'email'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r ?? null;
}

export async function officerByUser(q: Q, userId: string) {
  const r = await q
    .selectFrom('officers')
    .select(['officer_id as officerId'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r?.officerId ?? null;
}

export async function agencyName(q: Q, agencyId: string): Promise<string | null> {
  const r = await q
    .selectFrom('agencies')
    .select('name')
    .where('agency_id', '=', agencyId)
    .executeTakeFirst();
  return r?.name ?? null;
}

export async function findTask(q: Q, taskId: string) {
  const r = await q
    .selectFrom('case_tasks')
    .select([
      'task_id as taskId',
      'agency_id as agencyId',
      'case_id as caseId',
      'kind',
      'status',
      'data',
      'recipient_role as recipientRole',
    ])
    .where('task_id', '=', taskId)
    .executeTakeFirst();
  return r ? { ...r, data: r.data as Record<string, unknown> } : null;
}

export async function completeTask(
  tx: Tx,
  taskId: string,
  by: string,
  at: Date,
  resolution: object,
): Promise<boolean> {
  const r = await tx
    .updateTable('case_tasks')
    .set({ status: 'done', done_at: at, done_by: by, resolution: JSON.stringify(resolution) })
    .where('task_id', '=', taskId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
