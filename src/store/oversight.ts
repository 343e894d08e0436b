/**
 * Complaints, inspections and steering-committee meetings (migration 0013); action items as rows
 * with their completion history and who answered a corrective action (migration 0022). Called
 * only from use cases.
 */
import { sql } from 'kysely';
import type { ComplaintChannel, ComplaintStatus } from '../domain/oversight.ts';
import type { Db, Tx } from './db.ts';

type Q = Db | Tx;

export interface ComplaintRecord {
  complaintId: string;
  reference: string;
  channel: ComplaintChannel;
  language: string;
  agencyId: string | null;
  agencyNamed: string | null;
  occurredOn: string | null;
  location: string | null;
  narrative: string;
  contact: { name: string | null; email: string | null; phone: string | null };
  officerIds: string[];
  caseIds: string[];
  moaIds: string[];
  status: ComplaintStatus;
  receivedAt: string;
  acknowledgedAt: string | null;
  forwardedAt: string | null;
  oprReference: string | null;
  closedAt: string | null;
  outcome: string | null;
}

const iso = (v: Date | string | null) =>
  v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString();

type ComplaintRow = Awaited<ReturnType<typeof complaintQuery>>[number];
const complaintQuery = (q: Q) => q.selectFrom('complaints').selectAll().execute();

function toComplaint(r: ComplaintRow): ComplaintRecord {
  return {
    complaintId: r.complaint_id,
    reference: r.reference,
    channel: r.channel,
    language: r.language,
    agencyId: r.agency_id,
    agencyNamed: r.agency_named,
    occurredOn: r.occurred_on,
    location: r.location,
    narrative: r.narrative,
    contact: { name: r.contact_name, email: r.contact_email, phone: r.contact_phone },
    officerIds: r.officer_ids,
    caseIds: r.case_ids,
    moaIds: r.moa_ids,
    status: r.status,
    receivedAt: iso(r.received_at) as string,
    acknowledgedAt: iso(r.acknowledged_at),
    forwardedAt: iso(r.forwarded_at),
    oprReference: r.opr_reference,
    closedAt: iso(r.closed_at),
    outcome: r.outcome,
  };
}

export interface NewComplaint {
  complaintId: string;
  reference: string;
  channel: ComplaintChannel;
  language: string;
  agencyId: string | null;
  agencyNamed: string | null;
  occurredOn: string | null;
  location: string | null;
  narrative: string;
  contact: { name: string | null; email: string | null; phone: string | null };
  officerIds: string[];
  caseIds: string[];
  moaIds: string[];
  by: string;
}

export async function insertComplaint(tx: Tx, c: NewComplaint, at: Date) {
  await tx
    .insertInto('complaints')
    .values({
      complaint_id: c.complaintId,
      reference: c.reference,
      channel: c.channel,
      language: c.language,
      agency_id: c.agencyId,
      agency_named: c.agencyNamed,
      occurred_on: c.occurredOn,
      location: c.location,
      narrative: c.narrative,
      contact_name: c.contact.name,
      contact_email: c.contact.email,
      contact_phone: c.contact.phone,
      officer_ids: c.officerIds,
      case_ids: c.caseIds,
      moa_ids: c.moaIds,
      status: 'received',
      received_at: at,
      received_by: c.by,
      updated_at: at,
    })
    .execute();
  await appendComplaintEvent(tx, c.complaintId, { by: c.by, kind: 'received', note: c.channel }, at);
}

export async function findComplaint(q: Q, complaintId: string): Promise<ComplaintRecord | null> {
  const r = await q
    .selectFrom('complaints')
    .selectAll()
    .where('complaint_id', '=', complaintId)
    .executeTakeFirst();
  return r ? toComplaint(r) : null;
}

export async function listComplaints(
  q: Q,
  f: { agencyId: string | null; status: ComplaintStatus | null; limit: number },
): Promise<ComplaintRecord[]> {
  let query = q.selectFrom('complaints').selectAll();
  if (f.agencyId) query = query.where('agency_id', '=', f.agencyId);
  if (f.status) query = query.where('status', '=', f.status);
  const rows = await query.orderBy('received_at', 'desc').orderBy('complaint_id').limit(f.limit).execute();
  return rows.map(toComplaint);
}

export async function updateComplaint(
  tx: Tx,
  complaintId: string,
  patch: Partial<{
    status: ComplaintStatus;
    agency_id: string | null;
    officer_ids: string[];
    case_ids: string[];
    moa_ids: string[];
    acknowledged_at: Date;
    forwarded_at: Date;
    opr_reference: string | null;
    closed_at: Date;
    outcome: string;
  }>,
  at: Date,
) {
  await tx
    .updateTable('complaints')
    .set({ ...patch, updated_at: at })
    .where('complaint_id', '=', complaintId)
    .execute();
}

export async function appendComplaintEvent(
  tx: Tx,
  complaintId: string,
  e: { by: string; kind: string; note: string | null },
  at: Date,
) {
  const next = await tx
    .selectFrom('complaint_events')
    .select(sql<number>`coalesce(max(seq), 0) + 1`.as('seq'))
    .where('complaint_id', '=', complaintId)
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('complaint_events')
    .values({
      complaint_id: complaintId,
      seq: Number(next.seq),
      at,
      by_actor: e.by,
      kind: e.kind,
      note: e.note,
    })
    .execute();
}

export async function complaintEvents(q: Q, complaintId: string) {
  const rows = await q
    .selectFrom('complaint_events')
    .selectAll()
    .where('complaint_id', '=', complaintId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    at: iso(r.at) as string,
    by: r.by_actor,
    kind: r.kind,
    note: r.note,
  }));
}

// Inspections -----------------------------------------------------------------------------

export interface ChecklistItem {
  item: string;
  result: 'pending' | 'met' | 'not_met' | 'not_applicable';
  note: string | null;
}

export interface InspectionRecord {
  inspectionId: string;
  agencyId: string;
  moaId: string;
  moaVersion: number;
  model: 'JEM' | 'WSO' | 'TFM';
  dueOn: string;
  checklist: ChecklistItem[];
  status: 'scheduled' | 'completed';
  completedOn: string | null;
  followUpDueOn: string | null;
}

export interface FindingRecord {
  findingId: string;
  inspectionId: string;
  summary: string;
  clauseId: string | null;
  correctiveAction: string | null;
  correctiveDueOn: string | null;
  status: 'open' | 'corrected' | 'verified';
  correctedOn: string | null;
  verifiedOn: string | null;
  correctedBy: string | null;
  correctedNote: string | null;
  verifiedBy: string | null;
  verifiedNote: string | null;
}

const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

type InspectionRow = Awaited<ReturnType<typeof inspectionQuery>>[number];
const inspectionQuery = (q: Q) => q.selectFrom('inspections').selectAll().execute();

const toInspection = (r: InspectionRow): InspectionRecord => ({
  inspectionId: r.inspection_id,
  agencyId: r.agency_id,
  moaId: r.moa_id,
  moaVersion: r.moa_version,
  model: r.model,
  dueOn: r.due_on,
  checklist: parseJson<ChecklistItem[]>(r.checklist),
  status: r.status,
  completedOn: r.completed_on,
  followUpDueOn: r.follow_up_due_on,
});

export async function insertInspection(
  tx: Tx,
  i: Omit<InspectionRecord, 'status' | 'completedOn' | 'followUpDueOn'> & { by: string },
  at: Date,
) {
  await tx
    .insertInto('inspections')
    .values({
      inspection_id: i.inspectionId,
      agency_id: i.agencyId,
      moa_id: i.moaId,
      moa_version: i.moaVersion,
      model: i.model,
      due_on: i.dueOn,
      checklist: JSON.stringify(i.checklist),
      status: 'scheduled',
      scheduled_by: i.by,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

export async function findInspection(q: Q, inspectionId: string): Promise<InspectionRecord | null> {
  const r = await q
    .selectFrom('inspections')
    .selectAll()
    .where('inspection_id', '=', inspectionId)
    .executeTakeFirst();
  return r ? toInspection(r) : null;
}

export async function listInspections(q: Q, agencyId: string | null): Promise<InspectionRecord[]> {
  let query = q.selectFrom('inspections').selectAll();
  if (agencyId) query = query.where('agency_id', '=', agencyId);
  const rows = await query.orderBy('due_on').orderBy('inspection_id').execute();
  return rows.map(toInspection);
}

export async function completeInspection(
  tx: Tx,
  inspectionId: string,
  c: { checklist: ChecklistItem[]; completedOn: string; followUpDueOn: string | null },
  at: Date,
) {
  await tx
    .updateTable('inspections')
    .set({
      checklist: JSON.stringify(c.checklist),
      status: 'completed',
      completed_on: c.completedOn,
      follow_up_due_on: c.followUpDueOn,
      updated_at: at,
    })
    .where('inspection_id', '=', inspectionId)
    .execute();
}

const toFinding = (r: {
  finding_id: string;
  inspection_id: string;
  summary: string;
  clause_id: string | null;
  corrective_action: string | null;
  corrective_due_on: string | null;
  status: 'open' | 'corrected' | 'verified';
  corrected_on: string | null;
  verified_on: string | null;
  corrected_by: string | null;
  corrected_note: string | null;
  verified_by: string | null;
  verified_note: string | null;
}): FindingRecord => ({
  findingId: r.finding_id,
  inspectionId: r.inspection_id,
  summary: r.summary,
  clauseId: r.clause_id,
  correctiveAction: r.corrective_action,
  correctiveDueOn: r.corrective_due_on,
  status: r.status,
  correctedOn: r.corrected_on,
  verifiedOn: r.verified_on,
  correctedBy: r.corrected_by,
  correctedNote: r.corrected_note,
  verifiedBy: r.verified_by,
  verifiedNote: r.verified_note,
});

export async function insertFinding(
  tx: Tx,
  f: Pick<
    FindingRecord,
    'findingId' | 'inspectionId' | 'summary' | 'clauseId' | 'correctiveAction' | 'correctiveDueOn'
  >,
  at: Date,
) {
  await tx
    .insertInto('inspection_findings')
    .values({
      finding_id: f.findingId,
      inspection_id: f.inspectionId,
      summary: f.summary,
      clause_id: f.clauseId,
      corrective_action: f.correctiveAction,
      corrective_due_on: f.correctiveDueOn,
      status: 'open',
      created_at: at,
    })
    .execute();
}

export async function findingsOf(q: Q, inspectionIds: readonly string[]): Promise<FindingRecord[]> {
  if (inspectionIds.length === 0) return [];
  const rows = await q
    .selectFrom('inspection_findings')
    .selectAll()
    .where('inspection_id', 'in', inspectionIds)
    .orderBy('created_at')
    .orderBy('finding_id')
    .execute();
  return rows.map(toFinding);
}

/**
 * Moves a finding from one of `from` to `status`, with the date, who and their note; false when
 * it was no longer in one of `from` (a concurrent step got there first).
 */
export async function updateFinding(
  tx: Tx,
  findingId: string,
  from: ReadonlyArray<FindingRecord['status']>,
  step: { status: 'corrected' | 'verified'; on: string; by: string; note: string | null },
): Promise<boolean> {
  const set =
    step.status === 'corrected'
      ? {
          status: 'corrected' as const,
          corrected_on: step.on,
          corrected_by: step.by,
          corrected_note: step.note,
        }
      : { status: 'verified' as const, verified_on: step.on, verified_by: step.by, verified_note: step.note };
  const r = await tx
    .updateTable('inspection_findings')
    .set(set)
    .where('finding_id', '=', findingId)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findFinding(q: Q, findingId: string): Promise<FindingRecord | null> {
  const r = await q
    .selectFrom('inspection_findings')
    .selectAll()
    .where('finding_id', '=', findingId)
    .executeTakeFirst();
  return r ? toFinding(r) : null;
}

// Steering-committee meetings -----------------------------------------------------------------

export interface Attendee {
  name: string;
  organization: string;
}
export interface ActionItem {
  itemId: string;
  meetingId: string;
  seq: number;
  summary: string;
  owner: string;
  dueOn: string | null;
  status: 'open' | 'done';
  doneOn: string | null;
  doneAt: string | null;
  doneBy: string | null;
  /** The display name of the account that marked it done (null for the console operator). */
  doneByName: string | null;
  doneNote: string | null;
}

export interface MeetingRecord {
  meetingId: string;
  agencyId: string;
  moaId: string;
  scheduledOn: string;
  status: 'scheduled' | 'held' | 'cancelled';
  heldOn: string | null;
  attendees: Attendee[];
  minutes: string | null;
  actionItems: ActionItem[];
}

type MeetingRow = Awaited<ReturnType<typeof meetingQuery>>[number];
const meetingQuery = (q: Q) => q.selectFrom('committee_meetings').selectAll().execute();

const toMeeting = (r: MeetingRow, items: readonly ActionItem[]): MeetingRecord => ({
  meetingId: r.meeting_id,
  agencyId: r.agency_id,
  moaId: r.moa_id,
  scheduledOn: r.scheduled_on,
  status: r.status,
  heldOn: r.held_on,
  attendees: parseJson<Attendee[]>(r.attendees),
  minutes: r.minutes,
  actionItems: items.filter((i) => i.meetingId === r.meeting_id),
});

type ActionItemRow = Awaited<ReturnType<typeof actionItemQuery>>[number];
const actionItemQuery = (q: Q) => q.selectFrom('committee_action_items').selectAll().execute();

const toActionItem = (r: ActionItemRow & { done_by_name?: string | null }): ActionItem => ({
  itemId: r.item_id,
  meetingId: r.meeting_id,
  seq: r.seq,
  summary: r.summary,
  owner: r.owner,
  dueOn: r.due_on,
  status: r.status,
  doneOn: r.done_on,
  doneAt: iso(r.done_at),
  doneBy: r.done_by,
  doneByName: r.done_by_name ?? null,
  doneNote: r.done_note,
});

async function actionItemsOf(q: Q, meetingIds: readonly string[]): Promise<ActionItem[]> {
  if (meetingIds.length === 0) return [];
  const rows = await q
    .selectFrom('committee_action_items as i')
    .leftJoin('users as u', (join) => join.on(sql<boolean>`u.user_id::text = i.done_by`))
    .selectAll('i')
    .select('u.display_name as done_by_name')
    .where('i.meeting_id', 'in', meetingIds)
    .orderBy('i.meeting_id')
    .orderBy('i.seq')
    .execute();
  return rows.map(toActionItem);
}

export async function insertMeeting(
  tx: Tx,
  m: { meetingId: string; agencyId: string; moaId: string; scheduledOn: string; by: string },
  at: Date,
) {
  await tx
    .insertInto('committee_meetings')
    .values({
      meeting_id: m.meetingId,
      agency_id: m.agencyId,
      moa_id: m.moaId,
      scheduled_on: m.scheduledOn,
      status: 'scheduled',
      created_by: m.by,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

export async function findMeeting(q: Q, meetingId: string): Promise<MeetingRecord | null> {
  const r = await q
    .selectFrom('committee_meetings')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  return r ? toMeeting(r, await actionItemsOf(q, [meetingId])) : null;
}

export async function meetingsOf(q: Q, agencyId: string | null): Promise<MeetingRecord[]> {
  let query = q.selectFrom('committee_meetings').selectAll();
  if (agencyId) query = query.where('agency_id', '=', agencyId);
  const rows = await query.orderBy('scheduled_on').orderBy('meeting_id').execute();
  const items = await actionItemsOf(
    q,
    rows.map((r) => r.meeting_id),
  );
  return rows.map((r) => toMeeting(r, items));
}

export async function recordMeeting(
  tx: Tx,
  meetingId: string,
  m: {
    heldOn: string;
    attendees: Attendee[];
    minutes: string;
    actionItems: Array<Pick<ActionItem, 'itemId' | 'summary' | 'owner' | 'dueOn'>>;
  },
  at: Date,
): Promise<boolean> {
  const r = await tx
    .updateTable('committee_meetings')
    .set({
      status: 'held',
      held_on: m.heldOn,
      attendees: JSON.stringify(m.attendees),
      minutes: m.minutes,
      updated_at: at,
    })
    .where('meeting_id', '=', meetingId)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  if (m.actionItems.length > 0)
    await tx
      .insertInto('committee_action_items')
      .values(
        m.actionItems.map((a, n) => ({
          item_id: a.itemId,
          meeting_id: meetingId,
          seq: n + 1,
          summary: a.summary,
          owner: a.owner,
          due_on: a.dueOn,
          status: 'open' as const,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
  return true;
}

export async function findActionItem(q: Q, itemId: string): Promise<ActionItem | null> {
  const r = await q
    .selectFrom('committee_action_items')
    .selectAll()
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return r ? toActionItem(r) : null;
}

/**
 * Marks an open item done, or reopens a done one; false when the item was not in the status the
 * step starts from (a concurrent step got there first). Each step is kept in the item's history.
 */
export async function stepActionItem(
  tx: Tx,
  itemId: string,
  step:
    | { kind: 'done'; on: string; by: string; note: string | null }
    | { kind: 'reopened'; by: string; note: string },
  at: Date,
): Promise<boolean> {
  const query =
    step.kind === 'done'
      ? tx
          .updateTable('committee_action_items')
          .set({
            status: 'done',
            done_on: step.on,
            done_at: at,
            done_by: step.by,
            done_note: step.note,
            updated_at: at,
          })
          .where('status', '=', 'open')
      : tx
          .updateTable('committee_action_items')
          .set({
            status: 'open',
            done_on: null,
            done_at: null,
            done_by: null,
            done_note: null,
            updated_at: at,
          })
          .where('status', '=', 'done');
  const r = await query.where('item_id', '=', itemId).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  const next = await tx
    .selectFrom('committee_action_item_events')
    .select(sql<number>`coalesce(max(seq), 0) + 1`.as('seq'))
    .where('item_id', '=', itemId)
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('committee_action_item_events')
    .values({
      item_id: itemId,
      seq: Number(next.seq),
      at,
      by_actor: step.by,
      kind: step.kind,
      on_date: step.kind === 'done' ? step.on : null,
      note: step.note,
    })
    .execute();
  return true;
}

export async function actionItemHistory(q: Q, itemId: string) {
  const rows = await q
    .selectFrom('committee_action_item_events')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    at: iso(r.at) as string,
    by: r.by_actor,
    kind: r.kind,
    on: r.on_date,
    note: r.note,
  }));
}

/** Agreements in force on `today` (their current version), for the overdue reports. */
export async function agreementsInForce(q: Q, agencyId: string | null) {
  let query = q
    .selectFrom('moa_versions')
    .select(['agency_id', 'moa_id', 'version', 'effective', 'models', 'status'])
    .where('status', '=', 'active');
  if (agencyId) query = query.where('agency_id', '=', agencyId);
  return query.orderBy('agency_id').orderBy('moa_id').execute();
}
