/**
 * The jail's events on a booking as the coordinator records them: plain labels, the local
 * date-time of the form read as an instant, what the form says before it is sent (which depends
 * on whether a detainer is effective), the confirmation built from the API's answer, and the
 * quick action the jail's list offers. Pure functions: the time is passed in.
 */
import {
  type BookingEventResult,
  type CaseStatus,
  JAIL_EVENT_KINDS,
  type JailEventKind,
  RELEASE_EVENT_KINDS,
} from '../../api.ts';
import { formatTimestamp } from '../../format.ts';

export const JAIL_EVENT_LABELS: Record<JailEventKind, string> = {
  bail_posted: 'Bail posted (would otherwise be released)',
  sentence_served: 'Sentence served',
  court_order: 'Court order of release',
  charges_dismissed: 'Charges dismissed',
  left_custody: 'Left the jail’s custody',
};

/** The query parameter of the case page that opens the jail's event form (from the jail's list). */
export const JAIL_EVENT_PARAM = 'jailEvent';

/** What the `jailEvent` parameter asks for: a release moment (kind left to choose) or leaving custody. */
export type JailEventRequest = 'release' | 'left_custody';

export const isReleaseKind = (kind: JailEventKind): boolean => RELEASE_EVENT_KINDS.includes(kind);

export function isJailEventKind(value: string): value is JailEventKind {
  return (JAIL_EVENT_KINDS as readonly string[]).includes(value);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A `datetime-local` value (`YYYY-MM-DDTHH:mm`) for the instant, in the browser's time zone. */
export function toLocalInputValue(at: Date): string {
  return `${pad(at.getFullYear(), 4)}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `datetime-local` value read in the browser's time zone, as an ISO 8601 instant; null when it
 * is empty or not a real local time.
 */
export function localInputToIso(value: string): string | null {
  const m = LOCAL_INPUT.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const at = new Date(y, mo - 1, d, h, mi, s);
  // 2026-02-30 rolls over to March: not a date anyone meant.
  if (at.getFullYear() !== y || at.getMonth() !== mo - 1 || at.getDate() !== d) return null;
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** The kind the form starts with: leaving custody when asked for it while the hold runs, otherwise none. */
export function initialJailEvent(status: CaseStatus, request: string | null): JailEventKind | '' {
  return request === 'left_custody' && status === 'hold_running' ? 'left_custody' : '';
}

/** What recording an event does to the case as it stands, said before it is sent. */
export function jailEventNote(status: CaseStatus, holdEndsAt: string | null): string {
  if (status === 'hold_running')
    return `The hold clock is running${holdEndsAt ? ` until ${formatTimestamp(holdEndsAt)}` : ''}. It cannot be extended (8 CFR 287.7(d)): unless ICE assumes custody first, release the person by then and record “Left the jail’s custody”.`;
  if (status === 'detainer_served')
    return 'The detainer is effective. When the person would otherwise be released (bail posted, sentence served, court order, charges dismissed), recording it starts the 48-hour hold clock; ICE assumes custody or the person is released at the end.';
  return 'No detainer is effective yet. A release recorded now closes the case and the person is released under the jail’s usual procedures.';
}

/** The confirmation for the API's answer, given the case's status before the event. */
export function jailEventMessage(
  kind: JailEventKind,
  occurredAt: string,
  before: CaseStatus,
  result: BookingEventResult,
): string {
  const recorded = `Recorded: ${JAIL_EVENT_LABELS[kind].replace(' (would otherwise be released)', '')} at ${formatTimestamp(occurredAt)}.`;
  if (result.caseStatus === 'hold_running' && result.holdEndsAt && before !== 'hold_running')
    return `${recorded} The hold clock is running: ICE must assume custody by ${formatTimestamp(result.holdEndsAt)}. The hold cannot be extended; at the end, release the person.`;
  if (result.caseStatus === 'closed' && before !== 'closed') {
    if (kind === 'left_custody')
      return `${recorded} The person has left the jail’s custody: the case is closed.`;
    if (before === 'detainer_served')
      return `${recorded} No hold is permitted here: the case is closed. Release the person as usual.`;
    return `${recorded} No detainer was effective: the case is closed and the person is released as usual.`;
  }
  if (isReleaseKind(kind) && before === 'hold_running')
    return `${recorded} The hold was already running; its end does not move.`;
  return `${recorded} The case is unchanged.`;
}

/** The quick action on a row of the jail's list: only where a release moment changes what happens. */
export function jailQuickAction(status: CaseStatus): { label: string; request: JailEventRequest } | null {
  if (status === 'detainer_served') return { label: 'Record release', request: 'release' };
  if (status === 'hold_running') return { label: 'Released from custody', request: 'left_custody' };
  return null;
}

/** The case page's address with the jail's event form opened. */
export function jailEventHref(caseId: string, request: JailEventRequest): string {
  return `/cases/${encodeURIComponent(caseId)}?${JAIL_EVENT_PARAM}=${request}`;
}
