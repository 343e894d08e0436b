/**
 * The conviction-category table (issue 8): its counting rule, and the rollup that answers it
 * exactly for any date window, model and state without reading encounter rows.
 *
 * Counting rule. For a window [from, to] (both ends included) and optional model and state:
 * - `identified`: distinct subjects with an encounter in the window;
 * - `placedInProceedings`: distinct subjects with `removal_proceedings` true on an encounter in
 *   the window;
 * - each category: distinct subjects with an encounter in the window on or after the date of a
 *   conviction in that category (two-digit NCIC prefix). A subject's convictions are all those
 *   listed on any of the subject's encounter rows: a conviction dated after an encounter does
 *   not count for that encounter, and several convictions in one category count once.
 *
 * Why the rollup is exact. Fix a slice (model or all, state or all) and a measure. For one
 * subject, the days on which the measure holds form a sorted set D1 < D2 < … < Dk: the days of
 * the subject's encounters in the slice (identified), of those with removal proceedings
 * (placedInProceedings), or, for a category, the encounter days on or after the subject's
 * earliest conviction in it (a conviction on or before an encounter is on or before every later
 * one, so this is a suffix of the encounter days). The subject counts in a window iff some Di
 * lies in it. The Di inside a window are consecutive, Di..Dj, so
 *
 *     (days inside the window) − (consecutive pairs (Dm, Dm+1) with both inside) = 1 or 0,
 *
 * exactly the subject's indicator. Summed over subjects: count = A − B, with A the number of
 * subject-days in [from, to] (table stat_subject_days) and B the number of consecutive pairs with
 * from ≤ p < d ≤ to (table stat_subject_repeats). Both are additive over subjects, so they are
 * stored as counts and never as subject ids, and a distinct count becomes two range sums.
 *
 * To keep a long window cheap, every day and pair is also counted at month grain: a window
 * splits into at most a partial first month (days), whole months, and a partial last month
 * (days) — `splitWindow` — so A reads at most ~62 day rows and the months, and B the 3 × 3
 * combinations of those segments on each axis. Each pair falls in exactly one combination.
 *
 * Incremental refresh. A new encounter can change a subject's history anywhere (an earlier date,
 * a conviction that now qualifies older encounters), so the refresh subtracts the contribution
 * of each touched subject as it stood at the high-water mark and adds it as it stands now,
 * computed from that subject's rows: `addSubjectContribution` with sign −1 and +1.
 */
import { MODELS, type Model } from './registry.ts';

export const CONVICTION_CATEGORIES = [
  { key: 'homicide', prefix: '09', label: 'homicide' },
  { key: 'kidnapping', prefix: '10', label: 'kidnapping' },
  { key: 'sexual_assault', prefix: '11', label: 'sexual assault' },
  { key: 'robbery', prefix: '12', label: 'robbery' },
  { key: 'assault', prefix: '13', label: 'assault' },
  { key: 'dangerous_drugs', prefix: '35', label: 'dangerous drugs' },
  { key: 'sex_offenses', prefix: '36', label: 'sex offenses' },
  { key: 'obstructing_police', prefix: '48', label: 'obstructing police' },
  { key: 'weapon_offenses', prefix: '52', label: 'weapon offenses' },
] as const;

export type CategoryKey = (typeof CONVICTION_CATEGORIES)[number]['key'];

/** Measure ids as stored in the rollups: 0 identified, 1 placed in proceedings, 2… categories. */
export const MEASURE_IDENTIFIED = 0;
export const MEASURE_PROCEEDINGS = 1;
export const MEASURE_COUNT = 2 + CONVICTION_CATEGORIES.length;
export const categoryMeasure = (index: number) => 2 + index;

/** The category of a four-digit NCIC offense code, by its first two digits; null for "other". */
export function categoryIndexOf(ncic: string): number | null {
  const prefix = ncic.slice(0, 2);
  const i = CONVICTION_CATEGORIES.findIndex((c) => c.prefix === prefix);
  return i < 0 ? null : i;
}

/** "All models" / "all states" in a rollup slice. */
export const ALL = '*';

export interface ConvictionTableQuery {
  from: string;
  to: string;
  model?: Model | undefined;
  state?: string | undefined;
}

/** The published figure, keys in the order of issue 8's JSON. */
export interface ConvictionTable {
  from: string;
  to: string;
  identified: number;
  placedInProceedings: number;
  categories: Record<CategoryKey, number>;
}

/** The table from per-measure counts (index = measure id). */
export function convictionTable(from: string, to: string, counts: readonly number[]): ConvictionTable {
  const categories = {} as Record<CategoryKey, number>;
  CONVICTION_CATEGORIES.forEach((c, i) => {
    categories[c.key] = counts[categoryMeasure(i)] ?? 0;
  });
  return {
    from,
    to,
    identified: counts[MEASURE_IDENTIFIED] ?? 0,
    placedInProceedings: counts[MEASURE_PROCEEDINGS] ?? 0,
    categories,
  };
}

// Dates ----------------------------------------------------------------------------------------

const utc = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
export function monthEnd(day: string): string {
  return fromUtc(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0));
}
const addMonths = (month: string, n: number) =>
  fromUtc(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + n, 1));
export const addDays = (day: string, n: number) => fromUtc(utc(day) + n * 86_400_000);

export type Grain = 'D' | 'M';

/** A run of days (grain D) or of whole months (grain M, both ends a month's first day). */
export interface Segment {
  grain: Grain;
  from: string;
  to: string;
}

/**
 * [from, to] as a partial first month in days, the whole months, and a partial last month in
 * days; the segments do not overlap and cover the window exactly. Empty when from > to.
 */
export function splitWindow(from: string, to: string): Segment[] {
  if (from > to) return [];
  const fm = monthStart(from);
  const tm = monthStart(to);
  const startsMonth = from === fm;
  const endsMonth = to === monthEnd(to);
  if (fm === tm)
    return startsMonth && endsMonth ? [{ grain: 'M', from: fm, to: fm }] : [{ grain: 'D', from, to }];
  const out: Segment[] = [];
  let first = fm;
  let last = tm;
  if (!startsMonth) {
    out.push({ grain: 'D', from, to: monthEnd(from) });
    first = addMonths(fm, 1);
  }
  const tail: Segment | null = endsMonth ? null : { grain: 'D', from: tm, to };
  if (tail) last = addMonths(tm, -1);
  if (first <= last) out.push({ grain: 'M', from: first, to: last });
  if (tail) out.push(tail);
  return out;
}

// Subject histories ----------------------------------------------------------------------------

export interface Conviction {
  code: string;
  date: string;
}

export interface SubjectEncounter {
  date: string;
  model: Model;
  state: string;
  removalProceedings: boolean;
}

/** One subject's encounters and every conviction listed on any of them. */
export interface SubjectHistory {
  encounters: readonly SubjectEncounter[];
  convictions: readonly Conviction[];
}

/** The earliest conviction date per category (index as CONVICTION_CATEGORIES), or null. */
export function earliestConvictions(convictions: readonly Conviction[]): (string | null)[] {
  const first: (string | null)[] = CONVICTION_CATEGORIES.map(() => null);
  for (const c of convictions) {
    const i = categoryIndexOf(c.code);
    if (i === null) continue;
    const seen = first[i];
    if (!seen || c.date < seen) first[i] = c.date;
  }
  return first;
}

/** The measures an encounter satisfies, given the subject's earliest convictions. */
export function measuresOf(e: SubjectEncounter, earliest: readonly (string | null)[]): number[] {
  const out = [MEASURE_IDENTIFIED];
  if (e.removalProceedings) out.push(MEASURE_PROCEEDINGS);
  earliest.forEach((d, i) => {
    if (d !== null && d <= e.date) out.push(categoryMeasure(i));
  });
  return out;
}

/** The four slices an encounter belongs to: all, its model, its state, its model and state. */
export const slicesOf = (e: { model: string; state: string }): [string, string][] => [
  [ALL, ALL],
  [e.model, ALL],
  [ALL, e.state],
  [e.model, e.state],
];

// Rollup cells ---------------------------------------------------------------------------------

const SEP = '\t';

/** A subject-day cell: one slice, one day (grain D) or month (grain M, its first day). */
export interface DayCell {
  model: string;
  state: string;
  grain: Grain;
  day: string;
}

/** A consecutive-pair cell: one slice, p and d each at day or month grain. */
export interface PairCell {
  model: string;
  state: string;
  pGrain: Grain;
  dGrain: Grain;
  p: string;
  d: string;
}

/**
 * Counts by cell, keyed by the cell's encoding, each a vector indexed by measure id (a cell is
 * stored as one row with a column per measure). What a refresh adds to the stored rollups.
 */
export interface RollupDelta {
  days: Map<string, number[]>;
  pairs: Map<string, number[]>;
}

export const emptyDelta = (): RollupDelta => ({ days: new Map(), pairs: new Map() });

export const dayKey = (c: DayCell) => [c.model, c.state, c.grain, c.day].join(SEP);
export const pairKey = (c: PairCell) => [c.model, c.state, c.pGrain, c.dGrain, c.p, c.d].join(SEP);

export function decodeDayKey(key: string): DayCell {
  const [model, state, grain, day] = key.split(SEP) as [string, string, Grain, string];
  return { model, state, grain, day };
}

export function decodePairKey(key: string): PairCell {
  const [model, state, pGrain, dGrain, p, d] = key.split(SEP) as [
    string,
    string,
    Grain,
    Grain,
    string,
    string,
  ];
  return { model, state, pGrain, dGrain, p, d };
}

/** Adds to one measure of a cell (a cell may fall back to all zeros; the store skips those). */
function bump(m: Map<string, number[]>, key: string, measure: number, by: number) {
  let v = m.get(key);
  if (!v) {
    v = new Array<number>(MEASURE_COUNT).fill(0);
    m.set(key, v);
  }
  v[measure]! += by;
}

/**
 * Adds (sign 1) or removes (sign −1) one subject's days and consecutive pairs, per slice and
 * measure, at every grain.
 */
export function addSubjectContribution(into: RollupDelta, history: SubjectHistory, sign: 1 | -1): void {
  if (history.encounters.length === 0) return;
  const earliest = earliestConvictions(history.convictions);
  // Per slice, the days of each measure.
  const slices = new Map<string, Set<string>[]>();
  for (const e of history.encounters) {
    const measures = measuresOf(e, earliest);
    for (const [model, state] of slicesOf(e)) {
      const slice = `${model}${SEP}${state}`;
      let byMeasure = slices.get(slice);
      if (!byMeasure) {
        byMeasure = Array.from({ length: MEASURE_COUNT }, () => new Set<string>());
        slices.set(slice, byMeasure);
      }
      for (const measure of measures) byMeasure[measure]!.add(e.date);
    }
  }
  for (const [slice, byMeasure] of slices) {
    byMeasure.forEach((set, measure) => {
      if (set.size === 0) return;
      const days = [...set].sort();
      let prev: string | null = null;
      let prevMonth = '';
      for (const day of days) {
        const month = monthStart(day);
        bump(into.days, `${slice}${SEP}D${SEP}${day}`, measure, sign);
        bump(into.days, `${slice}${SEP}M${SEP}${month}`, measure, sign);
        if (prev !== null) {
          bump(into.pairs, `${slice}${SEP}D${SEP}D${SEP}${prev}${SEP}${day}`, measure, sign);
          bump(into.pairs, `${slice}${SEP}D${SEP}M${SEP}${prev}${SEP}${month}`, measure, sign);
          bump(into.pairs, `${slice}${SEP}M${SEP}D${SEP}${prevMonth}${SEP}${day}`, measure, sign);
          bump(into.pairs, `${slice}${SEP}M${SEP}M${SEP}${prevMonth}${SEP}${month}`, measure, sign);
        }
        prev = day;
        prevMonth = month;
      }
    });
  }
}

/** The slice a query reads. */
export const sliceOf = (q: ConvictionTableQuery): { model: string; state: string } => ({
  model: q.model ?? ALL,
  state: q.state ?? ALL,
});

/**
 * Per-measure counts from rollup cells held in memory (the reference evaluation of A − B; the
 * store runs the same plan in SQL).
 */
export function evaluateRollup(rollup: RollupDelta, q: ConvictionTableQuery): number[] {
  const { model, state } = sliceOf(q);
  const segments = splitWindow(q.from, q.to);
  const inSeg = (grain: Grain, day: string) =>
    segments.some((s) => s.grain === grain && s.from <= day && day <= s.to);
  const counts = new Array<number>(MEASURE_COUNT).fill(0);
  const add = (v: number[], sign: number) => {
    v.forEach((n, i) => {
      counts[i]! += sign * n;
    });
  };
  for (const [k, v] of rollup.days) {
    const c = decodeDayKey(k);
    if (c.model === model && c.state === state && inSeg(c.grain, c.day)) add(v, 1);
  }
  for (const [k, v] of rollup.pairs) {
    const c = decodePairKey(k);
    if (c.model === model && c.state === state && inSeg(c.pGrain, c.p) && inSeg(c.dGrain, c.d)) add(v, -1);
  }
  return counts;
}

// Direct recomputation -------------------------------------------------------------------------

/** One encounter row as the counting rule sees it. */
export interface EncounterFacts extends SubjectEncounter {
  subjectId: string;
  convictions: readonly Conviction[];
}

/**
 * The table computed straight from encounter rows by the counting rule, without rollups: the
 * reference the rollups are tested against.
 */
export function convictionTableDirect(
  rows: readonly EncounterFacts[],
  q: ConvictionTableQuery,
): ConvictionTable {
  const convictionsBySubject = new Map<string, Conviction[]>();
  for (const r of rows) {
    const list = convictionsBySubject.get(r.subjectId) ?? [];
    convictionsBySubject.set(r.subjectId, list);
    list.push(...r.convictions);
  }
  const sets = Array.from({ length: MEASURE_COUNT }, () => new Set<string>());
  for (const r of rows) {
    if (r.date < q.from || r.date > q.to) continue;
    if (q.model && r.model !== q.model) continue;
    if (q.state && r.state !== q.state) continue;
    const subjectConvictions = convictionsBySubject.get(r.subjectId) ?? [];
    sets[MEASURE_IDENTIFIED]!.add(r.subjectId);
    if (r.removalProceedings) sets[MEASURE_PROCEEDINGS]!.add(r.subjectId);
    for (const c of subjectConvictions) {
      const i = categoryIndexOf(c.code);
      if (i !== null && c.date <= r.date) sets[categoryMeasure(i)]!.add(r.subjectId);
    }
  }
  return convictionTable(
    q.from,
    q.to,
    sets.map((s) => s.size),
  );
}

export const isModel = (s: string): s is Model => (MODELS as readonly string[]).includes(s);
