/**
 * Property: after a random sequence of casework events (each case's encounter rewritten with new
 * facts, a new subject, a later hold, more reviews…), refreshes, refreshes interrupted before
 * their commit (a restart), and no refresh at all, every measure read from the rollups equals a
 * direct recomputation from the current encounter rows — the program measures and the
 * conviction-category table — for random windows, models, states and agencies.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMeasures } from '../../src/app/statistics/get-measures.ts';
import { catchUpRollups } from '../../src/app/statistics/refresh-rollups.ts';
import { operator } from '../../src/domain/actor.ts';
import { type CaseEncounter, measuresDirect, quantileOf } from '../../src/domain/measures.ts';
import { convictionTableDirect } from '../../src/domain/statistics.ts';
import { lockStatistics, rollupState, setRollupState } from '../../src/store/encounters.ts';
import { foldMeasures, putCaseEncounter } from '../../src/store/measures.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';

const OPERATOR = operator('test');
const CASES = [
  '0190c0de-0000-7000-8000-000000000001',
  '0190c0de-0000-7000-8000-000000000002',
  '0190c0de-0000-7000-8000-000000000003',
  '0190c0de-0000-7000-8000-000000000004',
  '0190c0de-0000-7000-8000-000000000005',
];
const AGENCIES = { 'Harris County': 'TX', 'Polk County': 'FL', 'Maricopa County': 'AZ' } as const;
const day = (min: number, max: number) =>
  fc
    .integer({ min, max })
    .map((n) => new Date(Date.UTC(2019, 11, 1) + n * 86_400_000).toISOString().slice(0, 10));

type Facts = Omit<CaseEncounter, 'encounterId'>;

const facts = fc
  .record({
    caseId: fc.constantFrom(...CASES),
    agency: fc.constantFrom(...(Object.keys(AGENCIES) as (keyof typeof AGENCIES)[])),
    model: fc.constantFrom('JEM' as const, 'WSO' as const, 'TFM' as const),
    date: day(0, 100),
    subjectId: fc.constantFrom('s1', 's2', 's3', 's4'),
    convictions: fc.array(
      fc.record({
        code: fc.constantFrom('0911', '1313', '3562', '5404', '5399', '2399'),
        date: day(-60, 120),
      }),
      { maxLength: 3 },
    ),
    pendingCharges: fc.uniqueArray(fc.constantFrom('5404', '1313', '4101', '3562'), { maxLength: 2 }),
    detainerIssued: fc.boolean(),
    removalProceedings: fc.boolean(),
    arrest: fc.boolean(),
    transfer: fc.boolean(),
    detainerOutcome: fc.constantFrom(
      null,
      'assumed_custody',
      'lifted',
      'released_at_limit',
      'released_other',
      'pending',
    ),
    liftReason: fc.constantFrom(null, 'prosecutorial_discretion', 'other'),
    holdMinutes: fc.option(fc.integer({ min: 0, max: 3200 }), { nil: null }),
    citizenship: fc.constantFrom(null, 'open', 'citizen', 'not_citizen'),
    reviews: fc.array(
      fc.record({
        by: fc.constantFrom('sup-a', 'sup-b'),
        decision: fc.constantFrom('approved' as const, 'returned' as const),
        minutes: fc.integer({ min: 0, max: 600 }),
        on: day(0, 110),
      }),
      { maxLength: 3 },
    ),
  })
  .map((f): Facts => ({ ...f, state: AGENCIES[f.agency] }) as Facts);

const filter = fc
  .record({
    a: fc.integer({ min: 0, max: 4 }),
    b: fc.integer({ min: 0, max: 4 }),
    model: fc.option(fc.constantFrom('JEM', 'WSO', 'TFM'), { nil: undefined }),
    state: fc.option(fc.constantFrom('TX', 'FL'), { nil: undefined }),
    agency: fc.option(fc.constantFrom('Harris County', 'Polk County'), { nil: undefined }),
  })
  .map(({ a, b, model, state, agency }) => {
    const months = ['2019-12', '2020-01', '2020-02', '2020-03', '2020-04'];
    const [x, y] = [a, b].sort();
    return { from: months[x!]!, to: months[y!]!, model, state, agency };
  });

type Query = {
  from: string;
  to: string;
  model?: string | undefined;
  state?: string | undefined;
  agency?: string | undefined;
};

const step = fc.record({
  events: fc.array(facts, { minLength: 1, maxLength: 6 }),
  after: fc.constantFrom(
    'refresh-in-database' as const,
    'refresh-in-memory' as const,
    'interrupted-refresh' as const,
    'nothing' as const,
  ),
  queries: fc.array(filter, { maxLength: 2 }),
});

describe.each(backends())('measure rollups equal a direct recomputation on %s (property)', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function reset() {
    await t.store.db.transaction().execute(async (tx) => {
      for (const table of [
        'stat_subject_days',
        'stat_subject_repeats',
        'stat_measure_months',
        'stat_measure_state_months',
        'stat_measure_cumulative',
        'stat_measure_groups',
        'stat_hold_minutes',
        'stat_lift_reasons',
        'stat_reviews',
        'encounters',
      ])
        await sql`DELETE FROM ${sql.raw(table)}`.execute(tx);
      await sql`UPDATE stat_rollup_state SET through_seq = 0, refreshed_at = NULL`.execute(tx);
    });
  }

  /** A refresh that folds everything and moves the mark, then fails before its commit. */
  async function interruptedRefresh() {
    const marker = new Error('process stopped');
    await expect(
      t.store.db.transaction().execute(async (tx) => {
        await lockStatistics(tx);
        const s = await rollupState(tx);
        await foldMeasures(tx, s.throughSeq, s.maxSeq);
        await setRollupState(tx, s.maxSeq, new Date());
        throw marker;
      }),
    ).rejects.toBe(marker);
  }

  async function check(current: Map<string, Facts>, q: Query) {
    const r = await getMeasures(t.deps, OPERATOR, q);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rows = [...current.values()];
    const direct = measuresDirect(rows, q);
    const report = r.value;
    for (const [k, v] of Object.entries(report.totals)) expect([k, v]).toEqual([k, direct.totals[k] ?? 0]);
    // The per-group table (read from the cumulative rollup) equals the recomputation per group.
    const groups = new Set(rows.map((x) => `${x.model}|${x.agency}|${x.state}`));
    const byGroup = Object.fromEntries(
      report.byGroup.map(({ model, agency, state, ...counts }) => [`${model}|${agency}|${state}`, counts]),
    );
    for (const g of groups) {
      const [model, agency, state] = g.split('|') as [string, string, string];
      if (
        (q.model && q.model !== model) ||
        (q.state && q.state !== state) ||
        (q.agency && q.agency !== agency)
      )
        continue;
      const d = measuresDirect(rows, { ...q, model, state, agency });
      if (!d.totals.encounters) {
        expect(byGroup[g]).toBeUndefined();
        continue;
      }
      for (const [k, v] of Object.entries(byGroup[g] ?? {}))
        expect([g, k, v]).toEqual([g, k, d.totals[k] ?? 0]);
    }
    expect(report.byGroup.length).toBe(Object.keys(byGroup).length);
    const lifts = Object.fromEntries(report.detainerOutcomes.liftReasons.map((x) => [x.reason, x.n]));
    expect(lifts).toEqual(direct.liftReasons);
    const holds = direct.holdMinutes.map((m) => [m, 1] as [number, number]);
    const hours = (m: number | null) => (m === null ? null : Math.round((m / 60) * 100) / 100);
    expect(report.holdHours.p95Hours).toBe(hours(quantileOf(holds, 0.95)));
    expect(report.holdHours.maxHours).toBe(
      hours(direct.holdMinutes.length ? Math.max(...direct.holdMinutes) : null),
    );
    const sup = Object.fromEntries(
      report.supervision.map((s) => [s.supervisor, [s.reviews, s.approvals, s.returns, s.medianMinutes]]),
    );
    const supDirect = Object.fromEntries(
      Object.entries(direct.reviews).map(([by, s]) => [
        by,
        [
          s.reviews,
          s.approvals,
          s.returns,
          quantileOf(
            s.minutes.map((m) => [m, 1] as [number, number]),
            0.5,
          ),
        ],
      ]),
    );
    expect(sup).toEqual(supDirect);
    // The conviction-category table counts people; the agency filter does not apply to it.
    const window = {
      from: report.convictions.from,
      to: report.convictions.to,
      model: q.model as Facts['model'] | undefined,
      state: q.state,
    };
    expect(report.convictions).toEqual(convictionTableDirect(rows, window));
  }

  it('after random casework events, refreshes and interrupted refreshes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 4 }), async (steps) => {
        await reset();
        const current = new Map<string, Facts>();
        for (const s of steps) {
          await t.store.db.transaction().execute(async (tx) => {
            for (const e of s.events) {
              await putCaseEncounter(tx, e);
              current.set(e.caseId, e);
            }
          });
          if (s.after === 'interrupted-refresh') await interruptedRefresh();
          // Both ways of folding the conviction rollups: set-based in the database, and in memory.
          if (s.after === 'refresh-in-database')
            await catchUpRollups(t.deps, OPERATOR, { convictions: 'sql' });
          if (s.after === 'refresh-in-memory')
            await catchUpRollups(t.deps, OPERATOR, { convictions: 'memory' });
          for (const q of s.queries) await check(current, q);
        }
        await check(current, {
          from: '2019-12',
          to: '2020-04',
          model: undefined,
          state: undefined,
          agency: undefined,
        });
      }),
      { numRuns: 15 },
    );
  });
});
