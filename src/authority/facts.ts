/**
 * The facts a decision needs that depend on dates, computed at the decision time `at` from the
 * scenario. Cedar only compares the results: no date arithmetic in policies. Dates are UTC
 * calendar days; a date bound covers the whole day, an instant bound is exact.
 */
import type { AuthorityScenario } from './scenario.ts';

const DAY = 86_400_000;

/** Start of a YYYY-MM-DD day (UTC) or the instant itself. */
const startOf = (dateOrInstant: string): number =>
  dateOrInstant.length === 10 ? Date.parse(`${dateOrInstant}T00:00:00Z`) : Date.parse(dateOrInstant);
/** The first instant after a bound: the next day for a date (the day is included), the instant itself otherwise. */
const endOf = (dateOrInstant: string): number =>
  dateOrInstant.length === 10 ? startOf(dateOrInstant) + DAY : Date.parse(dateOrInstant);
/** Whole UTC calendar days from a date to the day of an instant. */
const daysFrom = (date: string, at: number): number =>
  Math.floor((Math.floor(at / DAY) * DAY - startOf(date)) / DAY);

export type AuthorizationState = 'none' | 'not_started' | 'in_force' | 'ended';
export type AgreementState =
  | 'in_force'
  | 'draft'
  | 'not_yet_effective'
  | 'terminated'
  | 'superseded'
  | 'expired';

export interface DerivedFacts {
  authorization: AuthorizationState;
  suspended: boolean;
  certified: boolean;
  refresherCurrent: boolean;
  /** The last day the refresher (or certification) covers, when there is one. */
  refresherDueOn: string | null;
  agreement: AgreementState;
  facilityListed: boolean;
  insideArea: boolean;
  igsaFacility: boolean;
  withinPowers: boolean;
  narrowed: boolean;
  under18: boolean;
  /** Case facts, when the scenario carries a case. */
  case: {
    basis: string;
    warrantSigned: boolean;
    detainerApproved: boolean;
    detainerServed: boolean;
    serving: boolean;
    released: boolean;
    /** The hold's end has passed: 48 hours after the would-be release. */
    holdExpired: boolean;
  } | null;
}

export function agreementState(a: AuthorityScenario['agreement'], at: number): AgreementState {
  if (a.status === 'draft' || a.status === 'pending') return 'draft';
  if (at < startOf(a.effective)) return 'not_yet_effective';
  const ended = a.end !== null && at >= endOf(a.end);
  switch (a.status) {
    case 'active':
      return ended ? 'expired' : 'in_force';
    case 'terminated':
    case 'superseded':
    case 'expired':
      // Ended at `end`; with no end recorded it is taken as already ended.
      return a.end === null || ended ? a.status : 'in_force';
  }
}

/** The day a person turns 18 (29 February births turn 18 on 1 March in a common year). */
const eighteenthBirthday = (dob: string): number => {
  const [y, m, d] = dob.split('-').map(Number) as [number, number, number];
  return Date.UTC(y + 18, m - 1, d);
};

export function deriveFacts(s: AuthorityScenario): DerivedFacts {
  const at = Date.parse(s.at);
  const { actor, agreement, place } = s;
  const auth = actor.authorization;
  const authorization: AuthorizationState = !auth
    ? 'none'
    : at < startOf(auth.start)
      ? 'not_started'
      : at >= endOf(auth.end)
        ? 'ended'
        : 'in_force';
  const certified = actor.certifiedOn !== null && at >= startOf(actor.certifiedOn);
  // The refresher clock runs from the later of the certification and the last refresher.
  const last = [actor.certifiedOn, actor.lastRefresherOn]
    .filter((d): d is string => d !== null)
    .reduce<string | null>((a, b) => (a === null || b > a ? b : a), null);
  const refresherCurrent = last !== null && daysFrom(last, at) <= agreement.refresherCadenceDays;
  const refresherDueOn =
    last === null
      ? null
      : new Date(startOf(last) + agreement.refresherCadenceDays * DAY).toISOString().slice(0, 10);
  return {
    authorization,
    suspended: auth?.suspended ?? false,
    certified,
    refresherCurrent,
    refresherDueOn,
    agreement: agreementState(agreement, at),
    facilityListed: place.facility !== null && agreement.facilities.includes(place.facility),
    insideArea: place.jurisdiction !== null && agreement.areaJurisdictions.includes(place.jurisdiction),
    igsaFacility: place.facility !== null && agreement.igsaFacilities.includes(place.facility),
    withinPowers: !auth || auth.powers === null || auth.powers.includes(s.action),
    narrowed: agreement.narrowedActions.includes(s.action),
    under18: at < eighteenthBirthday(s.subject.dob),
    case: s.case
      ? {
          basis: s.case.detainerBasis ?? 'none',
          warrantSigned: s.case.warrantSigned,
          detainerApproved: s.case.detainerApproved,
          detainerServed: s.case.detainerServed,
          serving: s.case.serving,
          released: s.case.releasedAt !== null && at >= Date.parse(s.case.releasedAt),
          holdExpired: s.case.holdEndsAt !== null && at >= Date.parse(s.case.holdEndsAt),
        }
      : null,
  };
}
