/**
 * The oversight API of the inspections and steering-committee screens (issue 8): compliance
 * inspections with their findings and the overdue report (an agency coordinator: its own, and it
 * reports corrective actions corrected); steering-committee meetings per agreement with the
 * overdue warning, and action items marked done or reopened. The server authorizes every call.
 */
import { type Model, request, type Signal } from '../api.ts';

export type ChecklistResult = 'met' | 'not_met' | 'not_applicable';
export const CHECKLIST_RESULTS: readonly ChecklistResult[] = ['met', 'not_met', 'not_applicable'];

export interface ChecklistItem {
  item: string;
  result: 'pending' | ChecklistResult;
  note: string | null;
}

export type FindingStatus = 'open' | 'corrected' | 'verified';

export interface Finding {
  findingId: string;
  inspectionId: string;
  summary: string;
  clauseId: string | null;
  correctiveAction: string | null;
  correctiveDueOn: string | null;
  status: FindingStatus;
  correctedOn: string | null;
  verifiedOn: string | null;
  correctedBy: string | null;
  correctedNote: string | null;
  verifiedBy: string | null;
  verifiedNote: string | null;
}

export type InspectionOverdueReason = 'inspection_not_held' | 'follow_up_open';

export interface Inspection {
  inspectionId: string;
  agencyId: string;
  moaId: string;
  moaVersion: number;
  model: Model;
  dueOn: string;
  checklist: ChecklistItem[];
  status: 'scheduled' | 'completed';
  completedOn: string | null;
  followUpDueOn: string | null;
  findings: Finding[];
  overdue: { reason: InspectionOverdueReason; daysOverdue: number } | null;
}

export interface OverdueInspection {
  inspectionId: string;
  agencyId: string;
  moaId: string;
  moaVersion: number;
  model: Model;
  dueOn: string;
  followUpDueOn: string | null;
  openFindings: number;
  reason: InspectionOverdueReason;
  daysOverdue: number;
}

export interface ScheduleInspectionInput {
  moaId: string;
  moaVersion: number;
  model: Model;
  dueOn: string;
  checklist?: string[];
}

export interface CompleteInspectionInput {
  completedOn: string;
  followUpDueOn?: string | null;
  results: Array<{ item: string; result: ChecklistResult; note?: string | null }>;
}

export interface FindingInput {
  summary: string;
  clauseId?: string | null;
  correctiveAction?: string | null;
  correctiveDueOn?: string | null;
}

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
  doneByName: string | null;
  doneNote: string | null;
}

export interface Meeting {
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

export type CommitteeWarningReason = 'meeting_not_recorded' | 'no_meeting_in_interval';

export interface Committee {
  agencyId: string;
  moaId: string;
  version: number;
  effective: string;
  meetings: Meeting[];
  overdueActions: ActionItem[];
  openActions: number;
  doneActions: number;
  warning: { reason: CommitteeWarningReason; since: string; daysOverdue: number } | null;
}

export interface CommitteeReport {
  asOf: string;
  items: Committee[];
  overdue: number;
}

export interface MinutesInput {
  heldOn: string;
  attendees: Attendee[];
  minutes: string;
  actionItems: Array<{ summary: string; owner: string; dueOn?: string | null }>;
}

const inspectionPath = (inspectionId: string, rest: string) =>
  `/inspections/${encodeURIComponent(inspectionId)}/${rest}`;

export const inspectionsApi = {
  list: (params: { agencyId?: string } = {}, o: Signal = {}) =>
    request<{ asOf: string; items: Inspection[] }>('/inspections', { ...o, query: params }),
  overdue: (o: Signal = {}) =>
    request<{ asOf: string; items: OverdueInspection[] }>('/inspections/overdue', o),
  schedule: (body: ScheduleInspectionInput) =>
    request<{ inspectionId: string }>('/inspections', { method: 'POST', body }),
  complete: (inspectionId: string, body: CompleteInspectionInput) =>
    request<{ inspectionId: string }>(inspectionPath(inspectionId, 'completion'), { method: 'POST', body }),
  recordFinding: (inspectionId: string, body: FindingInput) =>
    request<{ findingId: string }>(inspectionPath(inspectionId, 'findings'), { method: 'POST', body }),
  get: (inspectionId: string, o: Signal = {}) =>
    request<{ asOf: string; inspection: Inspection }>(`/inspections/${encodeURIComponent(inspectionId)}`, o),
  updateFinding: (
    inspectionId: string,
    findingId: string,
    body: { status: 'corrected' | 'verified'; on: string; note?: string | null },
  ) =>
    request<{ findingId: string }>(
      inspectionPath(inspectionId, `findings/${encodeURIComponent(findingId)}`),
      { method: 'POST', body },
    ),
};

export const committeesApi = {
  report: (params: { agencyId?: string } = {}, o: Signal = {}) =>
    request<CommitteeReport>('/committee-meetings', { ...o, query: params }),
  schedule: (body: { moaId: string; scheduledOn: string }) =>
    request<{ meetingId: string }>('/committee-meetings', { method: 'POST', body }),
  recordMinutes: (meetingId: string, body: MinutesInput) =>
    request<{ meetingId: string }>(`/committee-meetings/${encodeURIComponent(meetingId)}/minutes`, {
      method: 'POST',
      body,
    }),
  completeItem: (meetingId: string, itemId: string, body: { on: string; note?: string | null }) =>
    request<{ itemId: string; status: 'done' }>(itemPath(meetingId, itemId, 'completion'), {
      method: 'POST',
      body,
    }),
  reopenItem: (meetingId: string, itemId: string, body: { note: string }) =>
    request<{ itemId: string; status: 'open' }>(itemPath(meetingId, itemId, 'reopening'), {
      method: 'POST',
      body,
    }),
};

function itemPath(meetingId: string, itemId: string, step: 'completion' | 'reopening') {
  return `/committee-meetings/${encodeURIComponent(meetingId)}/action-items/${encodeURIComponent(itemId)}/${step}`;
}
