/**
 * Disclosure control for the public dashboard (issue 8; security.md §4, R42–R44): rounding of
 * every published count to the nearest 10, percentages from the rounded counts, and the release
 * check a publication must pass before it leaves the server.
 *
 * Rounding rule (DHS OHSS): to the nearest multiple of 10, a 5 rounds up — 0–4 → 0, 5–14 → 10,
 * 15–24 → 20, … — so 0 stays 0 and a published value v means the true count lies in
 * [max(0, v − 5), v + 4]. Cells, subtotals and totals are each rounded on their own, so totals
 * need not equal the sum of the published cells.
 *
 * The release check fails, naming each problem, when:
 * - a published value is not the rounding of its exact count (`not_rounded`);
 * - a table's exact counts break its declared aggregation (`inconsistent`): the differencing
 *   analysis below relies on it;
 * - a table uses a prohibited dimension (`prohibited_dimension`): 8 U.S.C. §1367 status (VAWA,
 *   T, U), victim or witness status, juvenile status, health (R43), and, by house rule, race,
 *   ethnicity, religion, language, national origin, country of birth, citizenship or nationality;
 * - a cell's true value can be shown to lie in 1–10 by differencing its published value against
 *   the table's margins (`recoverable`);
 * - the same cell moved in the published figures since the previous release while its exact
 *   count changed by 1–10 (`revision`): the revision is attributable to a handful of records.
 *
 * Differencing is an interval computation over what a reader knows: each published value
 * bounds its true count (rounding interval), and each margin is tied to its cells — for counts
 * of records (`sum`) the margin equals the sum of its cells; for counts of distinct subjects
 * (`union`) the margin is at least each cell and at most their sum. The bounds are tightened by
 * propagation through every margin until nothing changes; a cell whose final interval lies
 * inside 1..10 is recoverable. Propagation is sound (the exact counts always stay inside) and
 * is an approximation from outside of the exact linear-programming bounds.
 */

/** The value of a dimension in a margin (all models, all states, all quarters). */
export const ALL_VALUES = '*';

/** Published counts round to this base. */
export const ROUNDING_BASE = 10;

/** A cell's true value is "recovered" when it is shown to lie inside this range. */
export const SMALL_CELL = { min: 1, max: 10 } as const;

/** Nearest multiple of 10, a 5 rounding up; 0 stays 0. Counts are non-negative integers. */
export function roundCount(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`a count is a non-negative integer, not ${n}`);
  return Math.floor((n + ROUNDING_BASE / 2) / ROUNDING_BASE) * ROUNDING_BASE;
}

/** The true counts a published (rounded) value can stand for, both ends included. */
export function roundingInterval(published: number): Interval {
  return { lo: Math.max(0, published - ROUNDING_BASE / 2), hi: published + ROUNDING_BASE / 2 - 1 };
}

/**
 * A percentage computed from published (rounded) counts, to one decimal; null when the whole is
 * 0. Rounding is monotone, so a part never exceeds its whole once both are rounded.
 */
export function percentOfRounded(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

export interface Interval {
  lo: number;
  hi: number;
}

// Tables ---------------------------------------------------------------------------------------

/** How a margin relates to its cells. */
export type Aggregation = 'sum' | 'union';

/** One cell before publication: its dimension values (`*` for a margin) and both counts. */
export interface ReleaseCell {
  key: readonly string[];
  exact: number;
  published: number;
}

export interface ReleaseTable {
  id: string;
  title: string;
  /** What is counted, e.g. "encounters" or "distinct subjects identified". */
  measure: string;
  dimensions: readonly string[];
  aggregation: Aggregation;
  cells: readonly ReleaseCell[];
}

/** A published cell: the rounded value only. */
export interface PublishedCell {
  key: readonly string[];
  value: number;
}

export type PublishedTable = Omit<ReleaseTable, 'cells'> & { cells: PublishedCell[] };

/** A table's cells with their published values, from exact counts. */
export function roundedCells(cells: readonly { key: readonly string[]; exact: number }[]): ReleaseCell[] {
  return cells.map((c) => ({ key: c.key, exact: c.exact, published: roundCount(c.exact) }));
}

/** What leaves the server: the table without any exact count. */
export function publishedTable(t: ReleaseTable): PublishedTable {
  return { ...t, cells: t.cells.map((c) => ({ key: [...c.key], value: c.published })) };
}

// Prohibited dimensions --------------------------------------------------------------------------

/** Word sequences that make a dimension name prohibited (matched on whole words). */
export const PROHIBITED_DIMENSION_TERMS: readonly string[] = [
  '1367',
  'vawa',
  't visa',
  'u visa',
  'protected status',
  'victim',
  'witness',
  'juvenile',
  'minor',
  'health',
  'medical',
  'disability',
  'race',
  'racial',
  'ethnicity',
  'ethnic',
  'religion',
  'religious',
  'language',
  'national origin',
  'country of birth',
  'birth country',
  'birthplace',
  'citizenship',
  'nationality',
];

const words = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);

/** The prohibited term a dimension name contains, or null. */
export function prohibitedTerm(dimension: string): string | null {
  const w = ` ${words(dimension).join(' ')} `;
  return PROHIBITED_DIMENSION_TERMS.find((t) => w.includes(` ${t} `)) ?? null;
}

// The release check ------------------------------------------------------------------------------

export type ReleaseProblemKind =
  | 'malformed'
  | 'not_rounded'
  | 'inconsistent'
  | 'prohibited_dimension'
  | 'recoverable'
  | 'revision';

export interface ReleaseProblem {
  kind: ReleaseProblemKind;
  table: string;
  /** The cell's dimension values, when the problem is about one cell. */
  key?: readonly string[];
  message: string;
}

export interface ReleaseCheck {
  passed: boolean;
  problems: ReleaseProblem[];
}

/** A margin and the cells it adds up (or unites). */
interface Constraint {
  margin: number;
  parts: number[];
}

const keyText = (key: readonly string[]) => key.join(' / ');
const encode = (key: readonly string[]) => key.join('\u0000');

/** Every (margin, cells) relation of a table: one per margin and per dimension it spans. */
function constraintsOf(t: ReleaseTable): Constraint[] {
  const index = new Map(t.cells.map((c, i) => [encode(c.key), i]));
  const out: Constraint[] = [];
  t.cells.forEach((cell, i) => {
    cell.key.forEach((v, d) => {
      if (v !== ALL_VALUES) return;
      const parts: number[] = [];
      t.cells.forEach((other, j) => {
        if (other.key[d] === ALL_VALUES) return;
        if (other.key.every((w, e) => e === d || w === cell.key[e])) parts.push(j);
      });
      if (parts.length > 0 && index.has(encode(cell.key))) out.push({ margin: i, parts });
    });
  });
  return out;
}

/** Tightens one constraint's intervals; true if anything moved. */
function tighten(iv: Interval[], c: Constraint, aggregation: Aggregation): boolean {
  let moved = false;
  const set = (i: number, lo: number, hi: number) => {
    const cur = iv[i]!;
    const nlo = Math.max(cur.lo, lo);
    const nhi = Math.min(cur.hi, hi);
    if (nlo !== cur.lo || nhi !== cur.hi) {
      iv[i] = { lo: nlo, hi: nhi };
      moved = true;
    }
  };
  const sumLo = c.parts.reduce((s, p) => s + iv[p]!.lo, 0);
  const sumHi = c.parts.reduce((s, p) => s + iv[p]!.hi, 0);
  const maxLo = Math.max(...c.parts.map((p) => iv[p]!.lo));
  if (aggregation === 'sum') set(c.margin, sumLo, sumHi);
  else set(c.margin, maxLo, sumHi);
  const m = iv[c.margin]!;
  for (const p of c.parts) {
    const own = iv[p]!;
    const othersHi = sumHi - own.hi;
    const othersLo = sumLo - own.lo;
    if (aggregation === 'sum') set(p, m.lo - othersHi, m.hi - othersLo);
    else set(p, m.lo - othersHi, m.hi);
  }
  return moved;
}

/** The interval of each cell's true value that a reader can derive from the published table. */
export function derivedIntervals(t: ReleaseTable): Interval[] {
  const iv = t.cells.map((c) => roundingInterval(c.published));
  const constraints = constraintsOf(t);
  for (let round = 0; round < 100; round++) {
    let moved = false;
    for (const c of constraints) if (tighten(iv, c, t.aggregation)) moved = true;
    if (!moved) break;
  }
  return iv;
}

function checkShape(t: ReleaseTable): ReleaseProblem[] {
  const problems: ReleaseProblem[] = [];
  const seen = new Set<string>();
  for (const c of t.cells) {
    if (c.key.length !== t.dimensions.length)
      problems.push({
        kind: 'malformed',
        table: t.id,
        key: c.key,
        message: `cell ${keyText(c.key)} has ${c.key.length} dimension values; the table has ${t.dimensions.length}.`,
      });
    else if (seen.has(encode(c.key)))
      problems.push({
        kind: 'malformed',
        table: t.id,
        key: c.key,
        message: `cell ${keyText(c.key)} appears twice.`,
      });
    seen.add(encode(c.key));
  }
  return problems;
}

function checkRounding(t: ReleaseTable): ReleaseProblem[] {
  return t.cells
    .filter(
      (c) =>
        !Number.isInteger(c.exact) ||
        c.exact < 0 ||
        c.published !== roundCount(Math.max(0, Math.trunc(c.exact))),
    )
    .map((c) => ({
      kind: 'not_rounded' as const,
      table: t.id,
      key: c.key,
      message: `cell ${keyText(c.key)} publishes ${c.published}, not its count rounded to the nearest 10.`,
    }));
}

function checkConsistency(t: ReleaseTable): ReleaseProblem[] {
  const problems: ReleaseProblem[] = [];
  for (const c of constraintsOf(t)) {
    const margin = t.cells[c.margin]!;
    const parts = c.parts.map((p) => t.cells[p]!.exact);
    const sum = parts.reduce((s, n) => s + n, 0);
    const bad =
      t.aggregation === 'sum'
        ? margin.exact !== sum
        : margin.exact > sum || parts.some((n) => n > margin.exact);
    if (bad)
      problems.push({
        kind: 'inconsistent',
        table: t.id,
        key: margin.key,
        message: `margin ${keyText(margin.key)} does not agree with its cells (${t.aggregation}).`,
      });
  }
  return problems;
}

function checkDimensions(t: ReleaseTable): ReleaseProblem[] {
  return t.dimensions.flatMap((d) => {
    const term = prohibitedTerm(d);
    return term === null
      ? []
      : [
          {
            kind: 'prohibited_dimension' as const,
            table: t.id,
            message: `dimension "${d}" is prohibited (${term}): protected or sensitive attributes are published only inside rounded totals.`,
          },
        ];
  });
}

function checkDifferencing(t: ReleaseTable): ReleaseProblem[] {
  const iv = derivedIntervals(t);
  const problems: ReleaseProblem[] = [];
  t.cells.forEach((c, i) => {
    const { lo, hi } = iv[i]!;
    if (lo >= SMALL_CELL.min && hi <= SMALL_CELL.max)
      problems.push({
        kind: 'recoverable',
        table: t.id,
        key: c.key,
        message: `cell ${keyText(c.key)} can be shown to lie in ${lo}–${hi} by differencing against the table's margins.`,
      });
  });
  return problems;
}

function checkRevisions(t: ReleaseTable, previous: ReleaseTable | undefined): ReleaseProblem[] {
  if (!previous) return [];
  const before = new Map(previous.cells.map((c) => [encode(c.key), c]));
  const problems: ReleaseProblem[] = [];
  for (const c of t.cells) {
    const old = before.get(encode(c.key));
    if (!old || old.published === c.published) continue;
    const change = Math.abs(c.exact - old.exact);
    if (change >= SMALL_CELL.min && change <= SMALL_CELL.max)
      problems.push({
        kind: 'revision',
        table: t.id,
        key: c.key,
        message: `cell ${keyText(c.key)} moved from ${old.published} to ${c.published} since the previous release on a change of ${change} records.`,
      });
  }
  return problems;
}

/**
 * The release check of a publication (a set of tables), against the previous release when one
 * exists (tables matched by id, cells by dimension values).
 */
export function checkRelease(
  tables: readonly ReleaseTable[],
  previous: readonly ReleaseTable[] = [],
): ReleaseCheck {
  const prior = new Map(previous.map((t) => [t.id, t]));
  const problems: ReleaseProblem[] = [];
  const ids = new Set<string>();
  for (const t of tables) {
    if (ids.has(t.id))
      problems.push({
        kind: 'malformed',
        table: t.id,
        message: `table ${t.id} appears twice in the release.`,
      });
    ids.add(t.id);
    const shape = checkShape(t);
    problems.push(...shape, ...checkDimensions(t), ...checkRounding(t));
    if (shape.length > 0) continue;
    problems.push(...checkConsistency(t), ...checkDifferencing(t), ...checkRevisions(t, prior.get(t.id)));
  }
  return { passed: problems.length === 0, problems };
}
