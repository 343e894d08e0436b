import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Aggregation,
  ALL_VALUES,
  checkRelease,
  derivedIntervals,
  percentOfRounded,
  prohibitedTerm,
  publishedTable,
  type ReleaseTable,
  roundCount,
  roundedCells,
  roundingInterval,
} from './disclosure-control.ts';

const A = ALL_VALUES;

/** A one-dimension table: cells and their total, rounded unless `published` overrides. */
function oneWay(
  exact: number[],
  opts: {
    id?: string;
    dimension?: string;
    aggregation?: Aggregation;
    total?: number;
    published?: number[];
  } = {},
): ReleaseTable {
  const total = opts.total ?? exact.reduce((s, n) => s + n, 0);
  const cells = roundedCells([
    ...exact.map((n, i) => ({ key: [`v${i}`], exact: n })),
    { key: [A], exact: total },
  ]);
  if (opts.published)
    opts.published.forEach((p, i) => {
      cells[i] = { ...cells[i]!, published: p };
    });
  return {
    id: opts.id ?? 't',
    title: 'test table',
    measure: 'encounters',
    dimensions: [opts.dimension ?? 'model'],
    aggregation: opts.aggregation ?? 'sum',
    cells,
  };
}

/** A two-way table with both margins and the grand total, exact counts only. */
function twoWay(grid: number[][], aggregation: Aggregation = 'sum'): ReleaseTable {
  const cells: { key: string[]; exact: number }[] = [];
  grid.forEach((row, r) => {
    row.forEach((n, c) => {
      cells.push({ key: [`r${r}`, `c${c}`], exact: n });
    });
    cells.push({ key: [`r${r}`, A], exact: row.reduce((s, n) => s + n, 0) });
  });
  const cols = grid[0]?.length ?? 0;
  for (let c = 0; c < cols; c++)
    cells.push({ key: [A, `c${c}`], exact: grid.reduce((s, row) => s + row[c]!, 0) });
  cells.push({ key: [A, A], exact: grid.flat().reduce((s, n) => s + n, 0) });
  return {
    id: 'grid',
    title: 'grid',
    measure: 'encounters',
    dimensions: ['state', 'quarter'],
    aggregation,
    cells: roundedCells(cells),
  };
}

describe('rounding to the nearest 10', () => {
  it('refuses what is not a count', () => {
    expect(() => roundCount(-1)).toThrow(RangeError);
    expect(() => roundCount(2.5)).toThrow(RangeError);
  });

  it('maps 0–4 to 0, 5–14 to 10, 15–24 to 20 (a 5 rounds up)', () => {
    expect([0, 1, 4, 5, 9, 14, 15, 24, 25].map(roundCount)).toEqual([0, 0, 0, 10, 10, 10, 20, 20, 30]);
  });

  it('is a multiple of 10, within 5 of the count, idempotent and monotone', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), (n, m) => {
        const r = roundCount(n);
        expect(r % 10).toBe(0);
        expect(Math.abs(r - n)).toBeLessThanOrEqual(5);
        expect(roundCount(r)).toBe(r);
        if (n <= m) expect(r).toBeLessThanOrEqual(roundCount(m));
        const iv = roundingInterval(r);
        expect(iv.lo <= n && n <= iv.hi).toBe(true);
      }),
    );
  });

  it('computes percentages from rounded counts, none of an empty whole', () => {
    expect(percentOfRounded(10, 0)).toBeNull();
    expect(percentOfRounded(10, 30)).toBe(33.3);
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), (a, b) => {
        const [part, whole] = a <= b ? [a, b] : [b, a];
        const p = percentOfRounded(roundCount(part), roundCount(whole));
        if (p !== null) expect(p).toBeLessThanOrEqual(100);
      }),
    );
  });
});

describe('prohibited dimensions', () => {
  it('matches protected and sensitive attributes on whole words', () => {
    for (const d of [
      '§1367 status',
      'victim_or_witness',
      'Juvenile',
      'health condition',
      'Race',
      'country of birth',
      'Citizenship',
    ])
      expect(prohibitedTerm(d)).not.toBeNull();
    for (const d of ['model', 'state', 'quarter', 'conviction category', 'trace id'])
      expect(prohibitedTerm(d)).toBeNull();
  });
});

describe('the release check catches known-bad tables', () => {
  it('a published value that is not the rounded count', () => {
    const r = checkRelease([oneWay([120, 7], { published: [120, 7] })]);
    expect(r.passed).toBe(false);
    expect(r.problems.map((p) => p.kind)).toContain('not_rounded');
  });

  it('a prohibited dimension, however large the counts', () => {
    const r = checkRelease([oneWay([500, 600], { dimension: '1367 status' })]);
    expect(r.problems.map((p) => p.kind)).toEqual(['prohibited_dimension']);
  });

  it('a cell recovered to 1–10 from its margin and the other cell (5 + 5 = 10)', () => {
    // Published 10, 10, total 10: each cell is at most 14 − 5 = 9 and at least 5.
    const r = checkRelease([oneWay([5, 5])]);
    expect(r.passed).toBe(false);
    expect(r.problems.filter((p) => p.kind === 'recoverable').map((p) => p.key)).toEqual([['v0'], ['v1']]);
  });

  it('a small cell in a two-way table pinned through row and column margins', () => {
    const t = twoWay([
      [5, 5],
      [0, 200],
    ]);
    const r = checkRelease([t]);
    expect(r.problems.some((p) => p.kind === 'recoverable')).toBe(true);
  });

  it('margins that do not agree with their cells', () => {
    const r = checkRelease([oneWay([100, 200], { total: 250 })]);
    expect(r.problems.map((p) => p.kind)).toContain('inconsistent');
  });

  it('a revision that moves a published figure on a change of 1–10 records', () => {
    const before = oneWay([100, 300]);
    const after = oneWay([106, 300]);
    const r = checkRelease([after], [before]);
    expect(r.problems.filter((p) => p.kind === 'revision').map((p) => p.key)).toEqual([['v0'], [A]]);
    // An unchanged release passes against itself.
    expect(checkRelease([before], [before]).passed).toBe(true);
  });

  it('malformed cells and repeated tables', () => {
    const t = oneWay([100, 200]);
    const bad: ReleaseTable = { ...t, cells: [...t.cells, { key: ['x', 'y'], exact: 0, published: 0 }] };
    expect(checkRelease([bad]).problems.map((p) => p.kind)).toContain('malformed');
    expect(checkRelease([t, t]).problems.map((p) => p.kind)).toContain('malformed');
  });
});

describe('the release check passes safe tables', () => {
  it('large cells and margins, by sum and by union', () => {
    expect(checkRelease([oneWay([120, 340, 1000])]).passed).toBe(true);
    expect(
      checkRelease([
        twoWay([
          [120, 340],
          [80, 55],
        ]),
      ]).passed,
    ).toBe(true);
    const union = oneWay([120, 340], { aggregation: 'union', total: 400 });
    expect(checkRelease([union]).passed).toBe(true);
  });

  it('publishes no exact count', () => {
    const p = publishedTable(oneWay([123, 4]));
    expect(JSON.stringify(p)).not.toContain('exact');
    expect(p.cells.map((c) => c.value)).toEqual([120, 0, 130]);
  });
});

describe('differencing is sound', () => {
  const grid = fc
    .array(fc.array(fc.nat(60), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 })
    .map((rows) => {
      const width = rows[0]!.length;
      return rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? 0));
    });

  it('every exact count stays inside the interval a reader derives (sum)', () => {
    fc.assert(
      fc.property(grid, (g) => {
        const t = twoWay(g);
        derivedIntervals(t).forEach((iv, i) => {
          const n = t.cells[i]!.exact;
          expect(iv.lo <= n && n <= iv.hi).toBe(true);
        });
      }),
    );
  });

  it('every exact count stays inside the interval a reader derives (union)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(60), { minLength: 1, maxLength: 5 }), fc.nat(60), (cells, overlap) => {
        const max = Math.max(...cells);
        const sum = cells.reduce((s, n) => s + n, 0);
        const total = Math.max(max, sum - overlap);
        const t = oneWay(cells, { aggregation: 'union', total });
        derivedIntervals(t).forEach((iv, i) => {
          const n = t.cells[i]!.exact;
          expect(iv.lo <= n && n <= iv.hi).toBe(true);
        });
      }),
    );
  });
});
