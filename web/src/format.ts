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
