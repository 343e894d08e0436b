/**
 * Pieces the JEM casework screens share: labels for the casework vocabulary, the priority tier,
 * the hold clock (always visible while a hold runs; urgent under 12 hours), the step form that
 * shows a refusal (rule id and citation) next to itself, and the agency's facilities.
 */
import { useEffect, useState } from 'react';
import { api, type Facility, type User } from '../../api.ts';
import { formatTimestamp } from '../../format.ts';
import { useApi } from '../../hooks.ts';
import { useSignOutOnUnauthorized } from '../auth.tsx';

/** Under this many hours left, the hold clock is shown as urgent. */
export const HOLD_URGENT_HOURS = 12;
const HOUR_MS = 3_600_000;

export const ADVISAL_LABELS: Record<string, string> = {
  purpose_of_interview: 'Purpose of the interview',
  right_to_remain_silent: 'Right to remain silent',
  consular_access: 'Right to communicate with the consulate',
  right_to_counsel_no_government_expense: 'Right to counsel at no expense to the government',
  legal_services_list: 'List of free legal services provided',
  reasons_for_arrest: 'Reasons for the arrest',
};

export const BASIS_LABELS: Record<string, string> = {
  final_order: 'Final order of removal against the subject',
  pending_proceedings: 'Pending removal proceedings against the subject',
  biometric_and_records: 'Biometric confirmation of identity and records indicating removability',
  statements_or_evidence: 'Statements made by the subject or other reliable evidence of removability',
  investigation_initiated: 'Investigation initiated (never a basis)',
  database_no_match: 'Database no-match (never a basis by itself)',
};

export const LIFT_REASON_LABELS: Record<string, string> = {
  prosecutorial_discretion: 'Prosecutorial discretion',
  insufficient_evidence: 'Insufficient evidence',
  lawful_status_found: 'Lawful status found',
  citizenship_confirmed: 'U.S. citizenship confirmed',
  subject_in_other_custody: 'Subject in other custody',
  duplicate_detainer: 'Duplicate detainer',
  other: 'Other',
};

export const SYSTEM_LABELS: Record<string, string> = {
  IDENT: 'IDENT/HART (biometric identity)',
  EID: 'EID/EAGLE (encounters, orders, removals)',
  NCIC: 'NCIC/III (criminal history)',
  LESC: 'LESC immigration alien query',
  CLAIMS: 'CLAIMS (benefits and status)',
};

export const QUERY_STATE_LABELS: Record<string, string> = {
  requested: 'Requested',
  attempted: 'Sent, awaiting answer',
  answered: 'Answered',
  failed: 'Failed',
};

export const OUTCOME_LABELS: Record<string, string> = {
  no_action_lawful_status: 'No action: lawful status',
  no_action_citizen: 'No action: U.S. citizen',
  released_before_detainer: 'Released before a detainer took effect',
  ice_assumed_custody: 'ICE assumed custody',
  detainer_lifted: 'Detainer lifted',
  released_at_hold_limit: 'Released at the 48-hour limit',
  released_no_hold_permitted: 'Released: no hold permitted',
  released_by_jail: 'Released by the jail',
  transferred_to_ice: 'Transferred to ICE',
  released_at_custody_limit: 'Released 48 hours after WSO service',
  warrant_withdrawn: 'Warrant withdrawn',
  released_after_encounter: 'Released after the field encounter',
};

export const label = (labels: Record<string, string>, key: string): string =>
  labels[key] ?? key.replaceAll('_', ' ');

export function TierBadge({ tier }: { tier: number }) {
  return <span className={`badge badge-tier badge-tier-${Math.min(Math.max(tier, 1), 4)}`}>Tier {tier}</span>;
}

/** `47 h 05 min` from milliseconds. */
export function durationLabel(ms: number): string {
  const left = Math.max(0, ms);
  const h = Math.floor(left / HOUR_MS);
  const m = Math.floor((left % HOUR_MS) / 60_000);
  return `${h} h ${String(m).padStart(2, '0')} min`;
}

/** Hours to release as shown in work lists. */
export function hoursLabel(hours: number | null): string {
  if (hours === null) return 'Not known';
  if (hours < 0) return `${-hours} h past`;
  return `${hours} h`;
}

/**
 * The hold clock: time left and the end. `msAtLoad` is the time left as the server counted it;
 * the clock counts down from there, so a browser clock that is off does not move it.
 */
export function HoldClock({ endsAt, msAtLoad }: { endsAt: string; msAtLoad: number }) {
  const [loadedAt] = useState(() => Date.now());
  const [now, setNow] = useState(loadedAt);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  const left = Math.max(0, msAtLoad - (now - loadedAt));
  const urgent = left < HOLD_URGENT_HOURS * HOUR_MS;
  const expired = left === 0;
  return (
    <div
      className={`hold-clock${urgent ? ' hold-clock-urgent' : ''}`}
      data-testid="hold-clock"
      data-urgent={urgent ? 'true' : 'false'}
    >
      <p className="hold-clock-title">Hold clock (8 CFR 287.7(d): 48 hours, no extension)</p>
      <p className="hold-clock-left">
        {expired ? 'The hold has ended: release the person.' : `${durationLabel(left)} left`}
      </p>
      <p className="hold-clock-end">
        Ends <time dateTime={endsAt}>{formatTimestamp(endsAt)}</time>
      </p>
    </div>
  );
}

export { StepForm, toApiError } from '../StepForm.tsx';

/** The facilities named in the agency's agreements (for the facility filter); none for ICE users. */
export function useFacilities(user: User): { facilities: Facility[] } {
  const agencyId = user.agencyId;
  const result = useApi(
    async (signal) => {
      const { items } = await api.moas({ agencyId }, { signal });
      const details = await Promise.all(items.map((m) => api.moa(m.moaId, { signal })));
      const seen = new Map<string, Facility>();
      for (const d of details) for (const f of d.facilities) if (!seen.has(f.code)) seen.set(f.code, f);
      return [...seen.values()];
    },
    [agencyId],
    agencyId !== null,
  );
  useSignOutOnUnauthorized(result.error);
  return { facilities: result.data ?? [] };
}

/** User id → display name, from the officer records the user may read (for "assigned to"). */
export function useOfficerNames(user: User): Map<string, string> {
  const result = useApi((signal) => api.officers({ agencyId: user.agencyId }, { signal }), [user.agencyId]);
  const names = new Map<string, string>();
  for (const o of result.data?.items ?? []) if (o.userId) names.set(o.userId, o.displayName);
  return names;
}

/** Who a user id is, as far as this screen can tell. */
export function personLabel(userId: string | null, user: User, names: Map<string, string>): string {
  if (!userId) return 'Unassigned';
  if (userId === user.userId) return 'You';
  return names.get(userId) ?? 'Another user';
}
