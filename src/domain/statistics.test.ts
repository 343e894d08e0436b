import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addSubjectContribution,
  type ConvictionTableQuery,
  categoryIndexOf,
  convictionTable,
  convictionTableDirect,
  type EncounterFacts,
  emptyDelta,
  evaluateRollup,
  monthEnd,
  type RollupDelta,
  splitWindow,
} from './statistics.ts';

const enc = (
  subjectId: string,
  date: string,
  convictions: [string, string][] = [],
  more: Partial<EncounterFacts> = {},
): EncounterFacts => ({
  subjectId,
  date,
  model: 'JEM',
  state: 'TX',
  removalProceedings: false,
  convictions: convictions.map(([code, on]) => ({ code, date: on })),
  ...more,
});

/** The rollup of a set of rows, built subject by subject as the refresh does. */
function rollupOf(rows: readonly EncounterFacts[]): RollupDelta {
  const delta = emptyDelta();
  const bySubject = Map.groupBy(rows, (r) => r.subjectId);
  for (const list of bySubject.values())
    addSubjectContribution(delta, { encounters: list, convictions: list.flatMap((r) => r.convictions) }, 1);
  return delta;
}

const viaRollup = (rows: readonly EncounterFacts[], q: ConvictionTableQuery) =>
  convictionTable(q.from, q.to, evaluateRollup(rollupOf(rows), q));

describe('splitWindow', () => {
  it('is empty when the window ends before it starts', () => {
    expect(splitWindow('2020-02-02', '2020-02-01')).toEqual([]);
  });
  it('keeps a window inside one month in days, unless it is the whole month', () => {
    expect(splitWindow('2020-02-03', '2020-02-27')).toEqual([
      { grain: 'D', from: '2020-02-03', to: '2020-02-27' },
    ]);
    expect(splitWindow('2020-02-01', '2020-02-29')).toEqual([
      { grain: 'M', from: '2020-02-01', to: '2020-02-01' },
    ]);
    expect(splitWindow('2021-02-01', '2021-02-28')).toEqual([
      { grain: 'M', from: '2021-02-01', to: '2021-02-01' },
    ]);
  });
  it('splits a long window into a partial first month, whole months and a partial last month', () => {
    expect(splitWindow('2017-10-15', '2020-09-10')).toEqual([
      { grain: 'D', from: '2017-10-15', to: '2017-10-31' },
      { grain: 'M', from: '2017-11-01', to: '2020-08-01' },
      { grain: 'D', from: '2020-09-01', to: '2020-09-10' },
    ]);
    expect(splitWindow('2017-10-01', '2020-09-30')).toEqual([
      { grain: 'M', from: '2017-10-01', to: '2020-09-01' },
    ]);
    expect(splitWindow('2020-01-31', '2020-02-01')).toEqual([
      { grain: 'D', from: '2020-01-31', to: '2020-01-31' },
      { grain: 'D', from: '2020-02-01', to: '2020-02-01' },
    ]);
  });
  it('covers every day of the window exactly once (property)', () => {
    const day = fc
      .integer({ min: 0, max: 900 })
      .map((n) => new Date(Date.UTC(2019, 10, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const segments = splitWindow(from, to);
        for (
          let t = Date.parse(from) - 40 * 86_400_000;
          t <= Date.parse(to) + 40 * 86_400_000;
          t += 86_400_000
        ) {
          const d = new Date(t).toISOString().slice(0, 10);
          const hits = segments.filter((s) =>
            s.grain === 'D' ? s.from <= d && d <= s.to : s.from <= d && d <= monthEnd(s.to),
          ).length;
          expect(hits).toBe(from <= d && d <= to ? 1 : 0);
        }
      }),
    );
  });
});

describe('categoryIndexOf', () => {
  it('reads the two-digit NCIC prefix; anything else is "other"', () => {
    expect(categoryIndexOf('0911')).toBe(0);
    expect(categoryIndexOf('5212')).toBe(8);
    expect(categoryIndexOf('0399')).toBeNull();
    expect(categoryIndexOf('5300')).toBeNull();
  });
});

describe('the counting rule (direct and through the rollup)', () => {
  const W = { from: '2017-10-01', to: '2020-09-30' };
  const both = (rows: EncounterFacts[], q: ConvictionTableQuery = W) => {
    const direct = convictionTableDirect(rows, q);
    expect(viaRollup(rows, q)).toEqual(direct);
    return direct;
  };

  it('does not count a conviction dated after the encounter', () => {
    const t = both([enc('s1', '2018-01-01', [['1313', '2018-01-02']])]);
    expect(t.identified).toBe(1);
    expect(t.categories.assault).toBe(0);
  });
  it('counts a conviction dated the same day as the encounter', () => {
    expect(both([enc('s1', '2018-01-01', [['1313', '2018-01-01']])]).categories.assault).toBe(1);
  });
  it('counts several convictions in one category once', () => {
    const t = both([
      enc('s1', '2018-01-01', [
        ['1313', '2010-01-01'],
        ['1399', '2011-01-01'],
        ['1301', '2012-01-01'],
      ]),
    ]);
    expect(t.categories.assault).toBe(1);
  });
  it('counts a subject encountered twice in the window once', () => {
    const t = both([
      enc('s1', '2018-01-01', [['3562', '2010-01-01']], { removalProceedings: true }),
      enc('s1', '2019-01-01', [['3562', '2010-01-01']], { removalProceedings: true }),
    ]);
    expect(t).toMatchObject({ identified: 1, placedInProceedings: 1 });
    expect(t.categories.dangerous_drugs).toBe(1);
  });
  it('counts a category through a later encounter in the window when the conviction falls between', () => {
    const t = both([enc('s1', '2018-01-01'), enc('s1', '2019-06-01', [['0911', '2019-01-01']])]);
    expect(t.categories.homicide).toBe(1);
    expect(
      both([enc('s1', '2018-01-01'), enc('s1', '2019-06-01', [['0911', '2019-01-01']])], {
        from: '2017-10-01',
        to: '2019-05-31',
      }).categories.homicide,
    ).toBe(0);
  });
  it('includes both ends of the window and nothing beyond', () => {
    const rows = [
      enc('a', '2017-09-30', [['0911', '2000-01-01']]),
      enc('b', '2017-10-01', [['1010', '2000-01-01']]),
      enc('c', '2020-09-30', [['1102', '2000-01-01']]),
      enc('d', '2020-10-01', [['1205', '2000-01-01']]),
    ];
    const t = both(rows);
    expect(t.identified).toBe(2);
    expect(t.categories).toMatchObject({ homicide: 0, kidnapping: 1, sexual_assault: 1, robbery: 0 });
  });
  it('counts proceedings only from encounters in the window', () => {
    const rows = [
      enc('a', '2017-09-30', [], { removalProceedings: true }),
      enc('a', '2018-01-01', [], { removalProceedings: false }),
    ];
    expect(both(rows)).toMatchObject({ identified: 1, placedInProceedings: 0 });
  });
  it('filters by model and state on the encounter, but reads convictions from every row of the subject', () => {
    const rows = [
      enc('a', '2018-01-01', [['5212', '2015-01-01']], { model: 'TFM', state: 'FL' }),
      enc('a', '2019-01-01', [], { model: 'JEM', state: 'TX' }),
    ];
    expect(both(rows, { ...W, model: 'JEM' }).categories.weapon_offenses).toBe(1);
    expect(both(rows, { ...W, state: 'FL', model: 'JEM' }).identified).toBe(0);
    expect(both(rows, { ...W, state: 'FL' }).identified).toBe(1);
  });
  it('keeps the keys of the published JSON in order', () => {
    expect(Object.keys(both([]))).toEqual(['from', 'to', 'identified', 'placedInProceedings', 'categories']);
    expect(Object.keys(both([]).categories)).toEqual([
      'homicide',
      'kidnapping',
      'sexual_assault',
      'robbery',
      'assault',
      'dangerous_drugs',
      'sex_offenses',
      'obstructing_police',
      'weapon_offenses',
    ]);
  });
});

describe('the rollup (property)', () => {
  const day = (min: number, max: number) =>
    fc
      .integer({ min, max })
      .map((n) => new Date(Date.UTC(2019, 11, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const row = fc.record({
    subjectId: fc.constantFrom('s1', 's2', 's3', 's4', 's5'),
    date: day(0, 120),
    model: fc.constantFrom('JEM' as const, 'WSO' as const, 'TFM' as const),
    state: fc.constantFrom('TX', 'FL'),
    removalProceedings: fc.boolean(),
    convictions: fc.array(
      fc.record({
        code: fc.constantFrom('0911', '1313', '1399', '3562', '5212', '0399'),
        date: day(-60, 150),
      }),
      { maxLength: 3 },
    ),
  });
  const query = fc
    .record({
      a: day(-10, 130),
      b: day(-10, 130),
      model: fc.option(fc.constantFrom('JEM' as const, 'WSO' as const, 'TFM' as const), { nil: undefined }),
      state: fc.option(fc.constantFrom('TX', 'FL'), { nil: undefined }),
    })
    .map(({ a, b, model, state }) => {
      const [from, to] = [a, b].sort() as [string, string];
      return { from, to, model, state };
    });

  it('answers every window exactly as the direct count', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 40 }),
        fc.array(query, { minLength: 1, maxLength: 5 }),
        (rows, qs) => {
          for (const q of qs) expect(viaRollup(rows, q)).toEqual(convictionTableDirect(rows, q));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns to empty when every contribution added is removed again', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), (rows) => {
        const delta = rollupOf(rows);
        for (const list of Map.groupBy(rows, (r) => r.subjectId).values())
          addSubjectContribution(
            delta,
            { encounters: list, convictions: list.flatMap((r) => r.convictions) },
            -1,
          );
        for (const v of [...delta.days.values(), ...delta.pairs.values()])
          expect(v.every((n) => n === 0)).toBe(true);
      }),
    );
  });
});
