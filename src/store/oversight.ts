/** Complaints, inspections and steering-committee meetings (migration 0013). Called only from use cases. */
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
});

export async function insertFinding(
  tx: Tx,
  f: Omit<FindingRecord, 'status' | 'correctedOn' | 'verifiedOn'>,
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

export async function updateFinding(
  tx: Tx,
  findingId: string,
  patch: { status: 'corrected' | 'verified'; corrected_on?: string; verified_on?: string },
) {
  await tx.updateTable('inspection_findings').set(patch).where('finding_id', '=', findingId).execute();
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
  summary: string;
  owner: string;
  dueOn: string | null;
  done: boolean;
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

const toMeeting = (r: MeetingRow): MeetingRecord => ({
  meetingId: r.meeting_id,
  agencyId: r.agency_id,
  moaId: r.moa_id,
  scheduledOn: r.scheduled_on,
  status: r.status,
  heldOn: r.held_on,
  attendees: parseJson<Attendee[]>(r.attendees),
  minutes: r.minutes,
  actionItems: parseJson<ActionItem[]>(r.action_items),
});

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
  return r ? toMeeting(r) : null;
}

export async function meetingsOf(q: Q, agencyId: string | null): Promise<MeetingRecord[]> {
  let query = q.selectFrom('committee_meetings').selectAll();
  if (agencyId) query = query.where('agency_id', '=', agencyId);
  const rows = await query.orderBy('scheduled_on').orderBy('meeting_id').execute();
  return rows.map(toMeeting);
}

export async function recordMeeting(
  tx: Tx,
  meetingId: string,
  m: { heldOn: string; attendees: Attendee[]; minutes: string; actionItems: ActionItem[] },
  at: Date,
) {
  await tx
    .updateTable('committee_meetings')
    .set({
      status: 'held',
      held_on: m.heldOn,
      attendees: JSON.stringify(m.attendees),
      minutes: m.minutes,
      action_items: JSON.stringify(m.actionItems),
      updated_at: at,
    })
    .where('meeting_id', '=', meetingId)
    .execute();
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
