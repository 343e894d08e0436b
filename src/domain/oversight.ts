/**
 * Oversight processes (issue 8), the pure part: the complaint lifecycle (received →
 * acknowledged → forwarded to ICE OPR → closed with an outcome), complaint references, and the
 * overdue rules for compliance inspections, steering-committee meetings and their action items.
 * Time is passed in.
 */
import { isIsoDate } from './clock.ts';

export const COMPLAINT_LANGUAGES = ['en', 'es'] as const;
export type ComplaintLanguage = (typeof COMPLAINT_LANGUAGES)[number];

export const COMPLAINT_CHANNELS = ['public_form', 'phone', 'paper', 'in_person'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
/** Channels a staff member records (the public form is the complainant's own). */
export const STAFF_CHANNELS = ['phone', 'paper', 'in_person'] as const;
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

export const COMPLAINT_STATUSES = ['received', 'acknowledged', 'forwarded', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** How an investigation ended (the usual dispositions of an internal-affairs finding). */
export const COMPLAINT_OUTCOMES = [
  'sustained',
  'not_sustained',
  'exonerated',
  'unfounded',
  'referred_elsewhere',
  'withdrawn',
] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];

export type ComplaintStep = 'acknowledge' | 'forward' | 'close' | 'link' | 'suspend';

const ALLOWED_FROM: Record<ComplaintStep, readonly ComplaintStatus[]> = {
  acknowledge: ['received'],
  forward: ['received', 'acknowledged'],
  close: ['received', 'acknowledged', 'forwarded'],
  link: ['received', 'acknowledged', 'forwarded'],
  suspend: ['received', 'acknowledged', 'forwarded'],
};

/** Why a step may not be taken on a complaint in this status, or null when it may. */
export function checkComplaintStep(status: ComplaintStatus, step: ComplaintStep): string | null {
  if (ALLOWED_FROM[step].includes(status)) return null;
  if (status === 'closed') return 'The complaint is closed.';
  if (step === 'acknowledge') return 'The complaint has already been acknowledged.';
  return `A complaint that is ${status} cannot take this step.`;
}

/** Unambiguous characters for references (no 0/O, 1/I/L). */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A complaint reference, e.g. `C-2026-7K3M9QXD`, from the year received and random bytes. */
export function complaintReference(at: Date, random: Uint8Array): string {
  if (random.length < 8) throw new RangeError('complaintReference needs 8 random bytes');
  const chars = Array.from(random.slice(0, 8), (b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]);
  return `C-${at.getUTCFullYear()}-${chars.join('')}`;
}

export const REFERENCE_PATTERN = /^C-\d{4}-[2-9A-HJKMNP-Z]{8}$/;

/** A plain e-mail address check: one @, no spaces, a dot in the domain. */
export const isEmailAddress = (s: string): boolean =>
  /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/.test(s) && s.length <= 254;

/** A telephone number: digits with the usual separators, 7 to 15 digits. */
export function isPhoneNumber(s: string): boolean {
  if (!/^\+?[\d\s().-]+$/.test(s)) return false;
  const digits = s.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

/** Whole days from `from` to `to` (YYYY-MM-DD), positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface InspectionDue {
  inspectionId: string;
  status: 'scheduled' | 'completed';
  dueOn: string;
  followUpDueOn: string | null;
  openFindings: number;
}

/**
 * Why an inspection is overdue on `today`, or null: scheduled and past its due date, or
 * completed with open findings past the follow-up date.
 */
export function inspectionOverdue(
  i: InspectionDue,
  today: string,
): { reason: 'inspection_not_held' | 'follow_up_open'; daysOverdue: number } | null {
  if (i.status === 'scheduled' && i.dueOn < today) {
    return { reason: 'inspection_not_held', daysOverdue: daysBetween(i.dueOn, today) };
  }
  if (i.status === 'completed' && i.openFindings > 0 && i.followUpDueOn && i.followUpDueOn < today) {
    return { reason: 'follow_up_open', daysOverdue: daysBetween(i.followUpDueOn, today) };
  }
  return null;
}

export interface MeetingDue {
  status: 'scheduled' | 'held' | 'cancelled';
  scheduledOn: string;
  heldOn: string | null;
}

/** Steering committees meet at least this often (days) under every agreement. */
export const COMMITTEE_INTERVAL_DAYS = 365;

/**
 * The steering-committee warning for one agreement on `today`, or null: a scheduled meeting
 * whose date has passed without minutes, or no meeting held (nor scheduled ahead) within the
 * interval since the last one held (or since the agreement took effect).
 */
export function committeeOverdue(
  meetings: readonly MeetingDue[],
  effective: string,
  today: string,
  intervalDays = COMMITTEE_INTERVAL_DAYS,
): { reason: 'meeting_not_recorded' | 'no_meeting_in_interval'; since: string; daysOverdue: number } | null {
  const passed = meetings
    .filter((m) => m.status === 'scheduled' && m.scheduledOn < today)
    .map((m) => m.scheduledOn)
    .sort();
  if (passed[0]) {
    return { reason: 'meeting_not_recorded', since: passed[0], daysOverdue: daysBetween(passed[0], today) };
  }
  const lastHeld = meetings
    .filter((m) => m.status === 'held' && m.heldOn)
    .map((m) => m.heldOn as string)
    .sort()
    .at(-1);
  const since = lastHeld ?? effective;
  const upcoming = meetings.some((m) => m.status === 'scheduled' && m.scheduledOn >= today);
  const age = daysBetween(since, today);
  if (age > intervalDays && !upcoming) {
    return { reason: 'no_meeting_in_interval', since, daysOverdue: age - intervalDays };
  }
  return null;
}

// Steering-committee action items ----------------------------------------------------------

export const ACTION_ITEM_STATUSES = ['open', 'done'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];
export type ActionItemStep = 'complete' | 'reopen';

/** Why a step may not be taken on an action item in this status, or null when it may. */
export function checkActionItemStep(status: ActionItemStatus, step: ActionItemStep): string | null {
  if (step === 'complete' && status === 'done') return 'The action item is already marked done.';
  if (step === 'reopen' && status === 'open')
    return 'The action item is open; only a done item can be reopened.';
  return null;
}

/**
 * Whether an action item is past due on `today`: open, with a due date before today. An item
 * marked done is never overdue, whatever its due date.
 */
export function actionItemOverdue(
  i: { status: ActionItemStatus; dueOn: string | null },
  today: string,
): boolean {
  return i.status === 'open' && i.dueOn !== null && i.dueOn < today;
}

/**
 * Why a completion date is not acceptable, or null: a calendar date not before the meeting that
 * set the item and not after today.
 */
export function checkCompletionDate(on: string, meetingHeldOn: string | null, today: string): string | null {
  if (!isIsoDate(on)) return 'The date done must be a calendar date.';
  if (on > today) return 'The date done cannot be in the future.';
  if (meetingHeldOn && on < meetingHeldOn)
    return 'The date done cannot be before the meeting that set the item.';
  return null;
}
