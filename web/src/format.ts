/** Display helpers: model names, state names, dates and labels. Pure functions. */
import type { AgreementStatus, EventKind, Model } from './api.ts';

export const MODEL_NAMES: Record<Model, string> = {
  JEM: 'Jail Enforcement Model',
  WSO: 'Warrant Service Officer',
  TFM: 'Task Force Model',
};

export function modelName(model: string): string {
  return (MODEL_NAMES as Record<string, string>)[model] ?? model;
}

export const STATUS_LABELS: Record<AgreementStatus, string> = {
  active: 'Active',
  superseded: 'Superseded',
  removed: 'Removed',
  pending: 'Pending',
};

const EXTRA_STATUS_LABELS: Record<string, string> = { delisted: 'Delisted' };

export function statusLabel(status: string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? EXTRA_STATUS_LABELS[status] ?? status;
}

export const EVENT_LABELS: Record<EventKind, string> = {
  agreement_added: 'Agreement listed',
  agreement_removed: 'Agreement no longer listed',
  agreement_renewed: 'Agreement renewed',
  signed_date_corrected: 'Signed date corrected',
  model_added: 'Model added',
  model_removed: 'Model removed',
  agency_renamed: 'Agency name changed',
  pending_listed: 'Listed as pending',
  pending_delisted: 'No longer listed as pending',
};

export function eventLabel(kind: string): string {
  return (EVENT_LABELS as Record<string, string>)[kind] ?? kind.replaceAll('_', ' ');
}

const SMALL_WORDS = new Set(['of', 'and', 'the']);

/** `DISTRICT OF COLUMBIA` → `District of Columbia`. ICE publishes state names in upper case. */
export function stateName(state: string): string {
  return state
    .toLowerCase()
    .split(/(\s+|-)/)
    .map((word, i) => (i > 0 && SMALL_WORDS.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('');
}

/**
 * Dates are shown as ISO 8601 calendar dates (YYYY-MM-DD): unambiguous, and identical to the
 * values ICE snapshots are keyed by. Timestamps are cut to their date part.
 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso;
}

export const ROLE_LABELS: Record<string, string> = {
  lea_officer: 'LEA officer',
  lea_admin: 'LEA administrator',
  ice_supervisor: 'ICE supervisor',
  program_office: 'Program office',
  inspector: 'Inspector',
  auditor: 'Auditor',
};

export const STAGE_LABELS: Record<string, string> = {
  nominated: 'Nominated',
  approved: 'Approved',
  in_training: 'In training',
  certified: 'Certified',
  authorized: 'Authorized',
  suspended: 'Suspended',
  rejected: 'Rejected',
  disqualified: 'Disqualified',
  revoked: 'Revoked',
};

export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage] ?? stage.replaceAll('_', ' ');
}

export const ELIGIBILITY_LABELS: Record<string, string> = {
  us_citizenship_verified: 'U.S. citizenship verified',
  background_investigation_passed: 'Background investigation passed',
  experience_in_position: 'Experience in position',
  no_pending_discipline: 'No pending disciplinary action',
};

export function eligibilityLabel(item: string): string {
  return ELIGIBILITY_LABELS[item] ?? item.replaceAll('_', ' ');
}

export const ELIGIBILITY_CHANGE_LABELS: Record<string, string> = {
  discipline: 'Disciplinary action',
  transfer: 'Transfer out of the 287(g) position',
  separation: 'Separation from the agency',
  complaint_under_investigation: 'Complaint under investigation',
  other: 'Other reason',
};

/** Plain-language names of the delegated actions, with the form or provision where one applies. */
export const ACTION_LABELS: Record<string, string> = {
  interview: 'Interview about immigration status (INA §287(a)(1))',
  query_systems: 'Query DHS and FBI systems',
  prepare_i213: 'Prepare Form I-213',
  approve_i213: 'Approve Form I-213',
  prepare_charging_document: 'Prepare a charging document (I-862, I-851, I-871)',
  sign_charging_document: 'Sign a charging document',
  sign_warrant: 'Sign or issue Form I-200 or I-205',
  serve_warrant: 'Serve Form I-200 or I-205',
  issue_detainer: 'Issue a detainer (Form I-247A)',
  approve_detainer: 'Approve a detainer',
  hold_past_release: 'Hold past release (up to 48 hours)',
  assume_custody: 'Assume custody',
  warrantless_arrest: 'Warrantless arrest (INA §287(a)(2))',
  administer_oath: 'Administer an oath, take a sworn statement (INA §287(b))',
  record_biometrics: 'Record fingerprints and photographs in ICE systems',
  transport: 'Transport to an ICE facility',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action.replaceAll('_', ' ');
}

export const MOA_STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  active: 'Active',
  superseded: 'Superseded',
  terminated: 'Terminated',
  expired: 'Expired',
};

export const HOLD_RULE_LABELS: Record<string, string> = {
  plain_48h: '48 hours (plain hours)',
  business_hours_48h: '48 hours, excluding weekends and holidays',
};

export const CLAUSE_EFFECT_LABELS: Record<string, string> = {
  grants: 'Grants',
  forbids: 'Forbids',
  other: 'Other',
};

/** A timestamp as `YYYY-MM-DD HH:MM UTC`. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

/** Today's calendar date in UTC, the date the server's rules use. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
