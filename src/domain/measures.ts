/**
 * The program performance measures (issue 8; GAO-09-109, GAO-21-186, domain.md §5.4 and G.34):
 * a typed catalogue, each measure with its definition, unit, source and counting rule; the
 * facts one case contributes as an encounter (`caseEncounterFacts`); the per-encounter rules
 * (criminality class, most serious charge, minor offense) in their reference form, which the
 * store's fold repeats in SQL; and percentiles from exact histograms. Pure.
 */
import offenseList from './data/offense-severity-2026.1.json' with { type: 'json' };
import type { CaseRecord } from './jem-case.ts';

// Offense severity and the minor-offense list -------------------------------------------------

export interface OffenseList {
  version: string;
  /** NCIC category prefixes, most serious first. */
  severity: readonly string[];
  /** Prefixes whose offenses are minor (e.g. 54 traffic). */
  minor: readonly string[];
}

export const OFFENSE_LIST: OffenseList = {
  version: offenseList.version,
  severity: offenseList.severity,
  minor: offenseList.minor,
};

/** Rank of an unlisted category: after every listed one. */
export const UNLISTED_RANK = 999;

/** One row per ranked prefix, as the store loads it (minor prefixes not in the order rank last). */
export function offenseRanks(
  list: OffenseList = OFFENSE_LIST,
): { prefix: string; rank: number; minor: boolean }[] {
  const rows = list.severity.map((prefix, i) => ({ prefix, rank: i, minor: list.minor.includes(prefix) }));
  for (const prefix of list.minor)
    if (!list.severity.includes(prefix)) rows.push({ prefix, rank: UNLISTED_RANK, minor: true });
  return rows;
}

/** The most serious of these NCIC codes, or null when there is none. */
export function mostSeriousCharge(codes: readonly string[], list: OffenseList = OFFENSE_LIST): string | null {
  const rank = (c: string) => {
    const i = list.severity.indexOf(c.slice(0, 2));
    return i < 0 ? UNLISTED_RANK : i;
  };
  let best: string | null = null;
  for (const c of codes) {
    if (best === null || rank(c) < rank(best) || (rank(c) === rank(best) && c < best)) best = c;
  }
  return best;
}

export type CriminalityClass = 'convicted' | 'pending_charges' | 'immigration_only';

export interface ChargeFacts {
  date: string;
  convictions: readonly { code: string; date: string }[];
  pendingCharges: readonly string[];
}

/** Convicted (a conviction on or before the encounter), else pending charges, else immigration only. */
export function criminalityClass(e: ChargeFacts): CriminalityClass {
  if (e.convictions.some((c) => c.date <= e.date)) return 'convicted';
  if (e.pendingCharges.length > 0) return 'pending_charges';
  return 'immigration_only';
}

/** The charges an encounter is judged by: convictions on or before it and every pending charge. */
export const chargesOf = (e: ChargeFacts): string[] => [
  ...e.convictions.filter((c) => c.date <= e.date).map((c) => c.code),
  ...e.pendingCharges,
];

/** Whether the encounter's most serious charge is on the minor list; null when it has no charge. */
export function isMinorOffense(e: ChargeFacts, list: OffenseList = OFFENSE_LIST): boolean | null {
  const top = mostSeriousCharge(chargesOf(e), list);
  return top === null ? null : list.minor.includes(top.slice(0, 2));
}

// Hold clock --------------------------------------------------------------------------------

export const HOLD_LIMIT_MINUTES = 48 * 60;

/** The value at quantile q (0 < q ≤ 1) of an exact histogram [value, count][], nearest-rank. */
export function quantileOf(hist: readonly (readonly [number, number])[], q: number): number | null {
  const sorted = [...hist].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [v, n] of sorted) {
    seen += n;
    if (seen >= rank) return v;
  }
  return sorted[sorted.length - 1]![0];
}

// A case as an encounter ----------------------------------------------------------------------

export type DetainerOutcome =
  | 'assumed_custody'
  | 'lifted'
  | 'released_at_limit'
  | 'released_other'
  | 'pending';

/** What the measures need to know about one case, read by the store. */
export interface CaseSource {
  caseId: string;
  model: 'JEM' | 'WSO' | 'TFM';
  agency: string;
  state: string;
  subjectId: string | null;
  openedAt: Date;
  record: CaseRecord;
  outcome: string | null;
  closedAt: Date | null;
  holdStartedAt: Date | null;
  /** Charges on the booking (pending criminal charges), NCIC codes. */
  bookingCharges: readonly string[];
  /** Answered NCIC/III queries: convictions with dates, pending charges. */
  ncic: readonly { convictions: { code: string; date: string }[]; pendingCharges: string[] }[];
}

/** One encounter version as stored (the counting rules read nothing else). */
export interface CaseEncounter {
  encounterId: string;
  caseId: string;
  agency: string;
  state: string;
  model: 'JEM' | 'WSO' | 'TFM';
  date: string;
  subjectId: string;
  convictions: { code: string; date: string }[];
  pendingCharges: string[];
  detainerIssued: boolean;
  removalProceedings: boolean;
  arrest: boolean;
  transfer: boolean;
  detainerOutcome: DetainerOutcome | null;
  liftReason: string | null;
  holdMinutes: number | null;
  citizenship: 'open' | 'citizen' | 'not_citizen' | null;
  reviews: { by: string; decision: 'approved' | 'returned'; minutes: number; on: string }[];
}

const minutesBetween = (from: string | Date, to: string | Date) =>
  Math.max(0, Math.floor((new Date(to).getTime() - new Date(from).getTime()) / 60_000));

const uniqueSorted = (xs: readonly string[]) => [...new Set(xs)].sort();

function detainerOutcome(s: CaseSource): DetainerOutcome | null {
  const r = s.record;
  const issued = r.detainer?.served !== undefined || r.wsoWarrant !== undefined;
  if (!issued) return null;
  switch (s.outcome) {
    case 'ice_assumed_custody':
    case 'transferred_to_ice':
      return 'assumed_custody';
    case 'detainer_lifted':
    case 'warrant_withdrawn':
      return 'lifted';
    case 'released_at_hold_limit':
    case 'released_at_custody_limit':
      return 'released_at_limit';
    case null:
      return 'pending';
    default:
      return 'released_other';
  }
}

/** The end of a hold: custody taken, detainer lifted, transfer, or the case closing. */
function holdMinutes(s: CaseSource): number | null {
  const r = s.record;
  const start = s.holdStartedAt ?? (r.wsoWarrant?.served ? new Date(r.wsoWarrant.served.at) : null);
  if (!start) return null;
  const end = r.custody?.at ?? r.wsoWarrant?.transfer?.at ?? r.lift?.at ?? s.closedAt;
  return end ? minutesBetween(start, end) : null;
}

/**
 * Each I-213 review with its time from submission to decision. The case record keeps only the
 * latest submission time, so reviews already known (from the previous encounter version, written
 * when each review was the latest) are kept as they were; a new latest review is timed from the
 * current submission.
 */
function reviewsOf(r: CaseRecord, known: CaseEncounter['reviews']): CaseEncounter['reviews'] {
  const i213 = r.i213;
  if (!i213) return [];
  return i213.reviews.map((rv, i) => {
    const k = known[i];
    if (k && k.by === rv.by && k.decision === rv.decision && k.on === rv.at.slice(0, 10)) return k;
    const previous = i > 0 ? i213.reviews[i - 1]!.at : i213.submittedAt;
    const from = i213.submittedAt <= rv.at ? i213.submittedAt : previous;
    return { by: rv.by, decision: rv.decision, minutes: minutesBetween(from, rv.at), on: rv.at.slice(0, 10) };
  });
}

/** The encounter a case stands for now, or null while it has no subject (nobody to count). */
export function caseEncounterFacts(
  s: CaseSource,
  knownReviews: CaseEncounter['reviews'] = [],
): Omit<CaseEncounter, 'encounterId'> | null {
  if (!s.subjectId) return null;
  const r = s.record;
  const date = (r.encounter?.at ?? s.openedAt.toISOString()).slice(0, 10);
  const convictions = new Map<string, { code: string; date: string }>();
  for (const a of s.ncic) for (const c of a.convictions) convictions.set(`${c.code}@${c.date}`, c);
  const citizenship = r.citizenship
    ? (r.citizenship.resolution?.finding ?? 'open')
    : r.interview?.citizenshipClaim
      ? 'open'
      : null;
  return {
    caseId: s.caseId,
    agency: s.agency,
    state: s.state,
    model: s.model,
    date,
    subjectId: s.subjectId,
    convictions: [...convictions.values()].sort((a, b) => (a.code + a.date).localeCompare(b.code + b.date)),
    pendingCharges: uniqueSorted([...s.bookingCharges, ...s.ncic.flatMap((a) => a.pendingCharges)]),
    detainerIssued: r.detainer?.served !== undefined || r.wsoWarrant !== undefined,
    removalProceedings: r.charging?.signedAt !== undefined,
    arrest:
      r.warrantlessArrest !== undefined || r.wsoWarrant?.served !== undefined || r.custody !== undefined,
    transfer: r.custody !== undefined || r.wsoWarrant?.transfer !== undefined,
    detainerOutcome: detainerOutcome(s),
    liftReason: s.outcome === 'detainer_lifted' ? (r.lift?.reason ?? 'other') : null,
    holdMinutes: holdMinutes(s),
    citizenship,
    reviews: reviewsOf(r, knownReviews),
  };
}

// The catalogue -------------------------------------------------------------------------------

export interface MeasureDefinition {
  id: string;
  title: string;
  unit: string;
  definition: string;
  countingRule: string;
  /** Where the numbers come from, source to screen. */
  lineage: string;
  /** What precision is kept. */
  precision: string;
}

const ENCOUNTER_SOURCE =
  'encounters (imported rows, and one row per JEM/WSO/TFM case written in the transaction of each case step: cases, bookings, answered NCIC/III system_queries) → rollup builder (refresh-rollups, high-water mark on encounters.seq) → stat_measure_months';

export const MEASURES: readonly MeasureDefinition[] = [
  {
    id: 'activity',
    title: 'Encounters, detainers, arrests and transfers',
    unit: 'encounters',
    definition:
      'Per model, agency, state and month of the encounter: encounters; detainers issued (an I-247A served on the subject, or a WSO warrant lodged; imported rows: detainer_issued); arrests (TFM warrantless arrest, WSO warrant served, or ICE custody taken); transfers to ICE custody (I-203 transfer or custody assumed); encounters placed in removal proceedings (charging document signed; imported rows: removal_proceedings).',
    countingRule:
      'Each encounter counts once, in the month of its date (the TFM encounter time, else the day the case opened). A case is one encounter whatever its number of steps; its latest state counts.',
    lineage: ENCOUNTER_SOURCE,
    precision: 'Exact counts.',
  },
  {
    id: 'criminality',
    title: 'Criminality class',
    unit: 'encounters',
    definition:
      'Convicted: a conviction dated on or before the encounter. Pending charges: none, but at least one pending criminal charge (NCIC/III pending charges or the booking charges). Immigration violation only: neither.',
    countingRule: 'Each encounter in exactly one class; the three classes sum to the encounters.',
    lineage: ENCOUNTER_SOURCE,
    precision: 'Exact counts.',
  },
  {
    id: 'minor-offense',
    title: 'Share of encounters whose most serious charge is a minor offense',
    unit: 'percent of encounters with a charge',
    definition: `The most serious charge of an encounter is, among its convictions on or before the encounter and its pending charges, the one whose NCIC category ranks first in the configured severity order (ties: the lower code). It is minor when its category is on the minor-offense list (version ${OFFENSE_LIST.version}: categories ${OFFENSE_LIST.minor.join(', ')}).`,
    countingRule:
      'Numerator: encounters whose most serious charge is minor. Denominator: encounters with at least one charge. A new list version rebuilds the rollups.',
    lineage: `${ENCOUNTER_SOURCE}; src/domain/data/offense-severity-${OFFENSE_LIST.version}.json → stat_offense_ranks`,
    precision: 'Exact counts; the share is computed from them.',
  },
  {
    id: 'detainer-outcomes',
    title: 'Detainer outcomes',
    unit: 'detainers',
    definition:
      'For each detainer issued: ICE assumed custody (JEM custody, WSO transfer); lifted (detainer lifted, by reason code, or WSO warrant withdrawn); released at the 48-hour limit (hold or WSO custody clock expired); released otherwise (released by the jail before a hold could run); pending (case still open).',
    countingRule:
      'Each detainer in exactly one outcome, by the month of its encounter; lift reasons as recorded.',
    lineage: `${ENCOUNTER_SOURCE}, stat_lift_reasons`,
    precision: 'Exact counts.',
  },
  {
    id: 'hold-hours',
    title: 'Hold hours',
    unit: 'hours',
    definition:
      'From the release-eligibility event (JEM hold clock start, or WSO warrant service) to the end of the hold: custody taken, transfer, lift, or release. Mean, 95th percentile and maximum; over-holds are holds longer than 48 hours, which must be zero.',
    countingRule:
      'Completed holds only, by the month of their encounter; the 95th percentile is the nearest-rank value.',
    lineage: `${ENCOUNTER_SOURCE}, stat_hold_minutes`,
    precision:
      'Hold lengths are kept as whole minutes (truncated) in an exact per-minute histogram per model, agency, state and month: mean, p95 and maximum are exact to the minute.',
  },
  {
    id: 'citizenship',
    title: 'Citizenship claims and their resolution',
    unit: 'encounters',
    definition:
      'Encounters where the subject claimed U.S. citizenship or indicia were found (ICE Directive 16001.2), and how the review ended: confirmed citizen, not a citizen, or still open.',
    countingRule: 'Each encounter once, by its latest review state.',
    lineage: ENCOUNTER_SOURCE,
    precision: 'Exact counts.',
  },
  {
    id: 'complaints',
    title: 'Complaints per 1,000 encounters',
    unit: 'complaints per 1,000 encounters',
    definition:
      'Complaints received (public form and staff intake) about an agency, per 1,000 encounters of that agency, in the same months. The model filter does not apply to complaints, which name an agency, not a model.',
    countingRule:
      'Complaints by the month received; complaints naming no known agency count only in the all-agency total.',
    lineage:
      'complaints (store/oversight.ts) → rebuilt by each rollup refresh → stat_complaint_months; encounters as above',
    precision: 'Exact counts; the rate is computed from them.',
  },
  {
    id: 'training',
    title: 'Training and refresher compliance per agency',
    unit: 'officers',
    definition:
      "Officers currently authorized under an agreement; of them, those with a certification date (basic training passed) and those whose annual refresher is current (certification or last refresher within the MOA version's refresher cadence, 365 days when none) on the day of the last refresh.",
    countingRule:
      'Each officer once per agency and model; a point-in-time figure as of the refresh, not filtered by month.',
    lineage:
      'officers, authorizations, moa_versions (store/officers.ts) → rebuilt by each rollup refresh → stat_training',
    precision: 'Exact counts as of the date shown.',
  },
  {
    id: 'supervision',
    title: 'Supervision evidence',
    unit: 'reviews',
    definition:
      'Per ICE supervisor: I-213 reviews, approvals and returns, and the median review time (submission to decision).',
    countingRule: 'Each review once, by the month of the review.',
    lineage: `${ENCOUNTER_SOURCE} (cases.record.i213.reviews) → stat_reviews`,
    precision:
      'Review times are kept as whole minutes in an exact per-minute histogram; the median is exact to the minute. Each review is timed when it is recorded, from the submission it decided.',
  },
  {
    id: 'convictions',
    title: 'Distinct subjects by conviction category',
    unit: 'people',
    definition:
      'Distinct subjects with an encounter in the window; a subject counts once per category if any conviction dated on or before that encounter falls in it (NCIC 09xx homicide, 10xx kidnapping, 11xx sexual assault, 12xx robbery, 13xx assault, 35xx dangerous drugs, 36xx sex offenses, 48xx obstructing police, 52xx weapon offenses); placed in proceedings: distinct subjects with removal proceedings.',
    countingRule:
      'Distinct people, exact for any window (see src/domain/statistics.ts). The agency filter does not apply.',
    lineage: 'encounters → rollup builder → stat_subject_days, stat_subject_repeats',
    precision: 'Exact distinct counts.',
  },
];

export const measureById = (id: string) => MEASURES.find((m) => m.id === id) ?? null;

// Direct recomputation ----------------------------------------------------------------------------

/** One current encounter as the measures read it (imported rows carry the defaults). */
export type MeasureRow = Omit<CaseEncounter, 'encounterId' | 'caseId'>;

export interface DirectFilter {
  /** YYYY-MM, both included. */
  from: string;
  to: string;
  model?: string | undefined;
  state?: string | undefined;
  agency?: string | undefined;
}

export interface DirectMeasures {
  totals: Record<string, number>;
  holdMinutes: number[];
  liftReasons: Record<string, number>;
  reviews: Record<string, { reviews: number; approvals: number; returns: number; minutes: number[] }>;
}

/**
 * The measures counted straight from current encounter rows by the counting rules, without
 * rollups: the reference the rollups are tested against. Keys of `totals` are the rollup's
 * column names.
 */
export function measuresDirect(
  rows: readonly MeasureRow[],
  f: DirectFilter,
  list: OffenseList = OFFENSE_LIST,
): DirectMeasures {
  const t: Record<string, number> = {};
  const bump = (k: string, by = 1) => {
    t[k] = (t[k] ?? 0) + by;
  };
  const out: DirectMeasures = { totals: t, holdMinutes: [], liftReasons: {}, reviews: {} };
  const inScope = (r: MeasureRow) =>
    (!f.model || r.model === f.model) &&
    (!f.state || r.state === f.state) &&
    (!f.agency || r.agency === f.agency);
  const inWindow = (day: string) => day.slice(0, 7) >= f.from && day.slice(0, 7) <= f.to;
  for (const r of rows) {
    if (!inScope(r)) continue;
    for (const rv of r.reviews) {
      if (!inWindow(rv.on)) continue;
      const s = out.reviews[rv.by] ?? { reviews: 0, approvals: 0, returns: 0, minutes: [] };
      s.reviews++;
      if (rv.decision === 'approved') s.approvals++;
      else s.returns++;
      s.minutes.push(rv.minutes);
      out.reviews[rv.by] = s;
    }
    if (!inWindow(r.date)) continue;
    bump('encounters');
    if (r.detainerIssued) bump('detainers');
    if (r.arrest) bump('arrests');
    if (r.transfer) bump('transfers');
    if (r.removalProceedings) bump('proceedings');
    bump(
      { convicted: 'convicted', pending_charges: 'pending_charges', immigration_only: 'immigration_only' }[
        criminalityClass(r)
      ],
    );
    const minor = isMinorOffense(r, list);
    if (minor !== null) bump('charged');
    if (minor) bump('minor_offense');
    if (r.detainerOutcome) bump(`outcome_${r.detainerOutcome}`);
    if (r.liftReason) out.liftReasons[r.liftReason] = (out.liftReasons[r.liftReason] ?? 0) + 1;
    if (r.holdMinutes !== null) {
      bump('holds');
      bump('hold_minutes', r.holdMinutes);
      if (r.holdMinutes > HOLD_LIMIT_MINUTES) bump('over_holds');
      out.holdMinutes.push(r.holdMinutes);
    }
    if (r.citizenship) {
      bump('citizenship_claims');
      bump(`citizenship_${r.citizenship}`);
    }
  }
  return out;
}
