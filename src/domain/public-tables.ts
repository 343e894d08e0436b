/**
 * The fixed tables of the public dashboard (issue 8; security.md §4.4, R42): what each table
 * counts, its dimensions and period, built from exact counts and rounded here, before anything
 * leaves the server. No free filters: a release is always these tables, over the eight complete
 * calendar quarters before the build date. Pure.
 *
 * Tables (every one with its margins, `*` meaning all):
 * - `records-by-model-quarter`, `records-by-state-quarter`: encounter records and detainers
 *   issued (counts of records: a margin is the sum of its cells);
 * - `subjects-by-model-quarter`, `subjects-by-state-quarter`: distinct subjects identified,
 *   placed in removal proceedings, and in each conviction category (a margin counts a subject
 *   once, so it is at most the sum of its cells).
 * No table has a dimension of protected status (8 U.S.C. §1367), victim or witness status, age,
 * health, race, ethnicity, religion, language, national origin or citizenship, and the records
 * carry none: protected individuals are present only inside the rounded counts (R44).
 */
import { ALL_VALUES, type ReleaseTable, roundedCells } from './disclosure-control.ts';
import { MODELS } from './registry.ts';
import { CONVICTION_CATEGORIES } from './statistics.ts';

export const QUARTERS_PER_RELEASE = 8;

export interface Quarter {
  label: string;
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function quarterOf(year: number, q: number): Quarter {
  const m0 = (q - 1) * 3 + 1;
  return {
    label: `${year}-Q${q}`,
    from: `${year}-${pad(m0)}-01`,
    to: `${year}-${pad(m0 + 2)}-${pad(lastDay(year, m0 + 2))}`,
  };
}

/** The complete calendar quarters before `today` (YYYY-MM-DD), oldest first. */
export function releaseQuarters(today: string, count = QUARTERS_PER_RELEASE): Quarter[] {
  let year = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const out: Quarter[] = [];
  for (let i = 0; i < count; i++) {
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
    out.unshift(quarterOf(year, q));
  }
  return out;
}

export const RECORD_MEASURES = [
  { key: 'encounters', label: 'Encounter records' },
  { key: 'detainers_issued', label: 'Encounter records with a detainer (Form I-247A) issued' },
] as const;

export const SUBJECT_MEASURES: readonly { key: string; label: string }[] = [
  { key: 'identified', label: 'Distinct subjects identified' },
  { key: 'placed_in_proceedings', label: 'Distinct subjects placed in removal proceedings' },
  ...CONVICTION_CATEGORIES.map((c) => ({
    key: c.key,
    label: `Distinct subjects encountered on or after a conviction for ${c.label} (NCIC ${c.prefix}xx)`,
  })),
];

/** Exact record counts of one model, state and quarter. */
export interface RecordCount {
  model: string;
  state: string;
  quarter: string;
  encounters: number;
  detainers: number;
}

/** Builds the two record tables, summing the margins from the cells. */
export function recordTables(
  rows: readonly RecordCount[],
  quarters: readonly Quarter[],
  states: readonly string[],
): ReleaseTable[] {
  const labels = quarters.map((q) => q.label);
  const by = (dim: 'model' | 'state', values: readonly string[]): ReleaseTable => {
    const cells: { key: string[]; exact: number }[] = [];
    for (const m of RECORD_MEASURES)
      for (const v of [...values, ALL_VALUES])
        for (const q of [...labels, ALL_VALUES]) {
          const exact = rows
            .filter(
              (r) =>
                (v === ALL_VALUES || r[dim] === v) &&
                (q === ALL_VALUES ? labels.includes(r.quarter) : r.quarter === q),
            )
            .reduce((s, r) => s + (m.key === 'encounters' ? r.encounters : r.detainers), 0);
          cells.push({ key: [m.key, v, q], exact });
        }
    return {
      id: `records-by-${dim}-quarter`,
      title: `Encounter records and detainers issued, by ${dim} and quarter`,
      measure: 'encounter records',
      dimensions: ['measure', dim, 'quarter'],
      aggregation: 'sum',
      cells: roundedCells(cells),
    };
  };
  return [by('model', MODELS), by('state', states)];
}

/** Distinct-subject counts (index as SUBJECT_MEASURES) for one slice and window. */
export type SubjectCounts = (slice: {
  model?: string;
  state?: string;
  from: string;
  to: string;
}) => Promise<number[]>;

/** Builds the two subject tables from a counter over the rollups. */
export async function subjectTables(
  count: SubjectCounts,
  quarters: readonly Quarter[],
  states: readonly string[],
): Promise<ReleaseTable[]> {
  const whole = { label: ALL_VALUES, from: quarters[0]!.from, to: quarters.at(-1)!.to };
  const by = async (dim: 'model' | 'state', values: readonly string[]): Promise<ReleaseTable> => {
    const cells: { key: string[]; exact: number }[] = [];
    for (const v of [...values, ALL_VALUES])
      for (const q of [...quarters, whole]) {
        const slice = { from: q.from, to: q.to, ...(v === ALL_VALUES ? {} : { [dim]: v }) };
        const counts = await count(slice);
        SUBJECT_MEASURES.forEach((m, i) => {
          cells.push({ key: [m.key, v, q.label], exact: counts[i] ?? 0 });
        });
      }
    return {
      id: `subjects-by-${dim}-quarter`,
      title: `Distinct subjects by measure, ${dim} and quarter`,
      measure: 'distinct subjects',
      dimensions: ['measure', dim, 'quarter'],
      aggregation: 'union',
      cells: roundedCells(cells),
    };
  };
  return [await by('model', MODELS), await by('state', states)];
}
