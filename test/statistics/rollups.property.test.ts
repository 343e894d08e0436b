/**
 * Property: after a random sequence of imports — some refreshed at once, some left for a later
 * refresh as if the process had stopped after the commit — and re-imports, the table read from
 * the rollups equals the naive count over raw rows and the direct recomputation of the
 * counting rule, for random windows, models and states.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConvictionTable } from '../../src/app/statistics/get-conviction-table.ts';
import { importEncounters } from '../../src/app/statistics/import-encounters.ts';
import { refreshRollups } from '../../src/app/statistics/refresh-rollups.ts';
import { operator } from '../../src/domain/actor.ts';
import { parseEncounterRow } from '../../src/domain/encounters-file.ts';
import { convictionTable, convictionTableDirect } from '../../src/domain/statistics.ts';
import { insertEncounters, insertImport, lockStatistics, rawCounts } from '../../src/store/encounters.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { csvLine, csvOf, type FileRow, scratchDir } from './support.ts';

const OPERATOR = operator('test');
const day = (min: number, max: number) =>
  fc
    .integer({ min, max })
    .map((n) => new Date(Date.UTC(2019, 11, 1) + n * 86_400_000).toISOString().slice(0, 10));

const encounter = fc.record({
  subjectId: fc.constantFrom('s1', 's2', 's3', 's4', 's5', 's6'),
  date: day(0, 100),
  model: fc.constantFrom('JEM' as const, 'WSO' as const, 'TFM' as const),
  state: fc.constantFrom('TX', 'FL', 'AZ'),
  removalProceedings: fc.boolean(),
  convictions: fc.array(
    fc.record({
      code: fc.constantFrom('0911', '1010', '1313', '1399', '3562', '5212', '0399'),
      date: day(-40, 120),
    }),
    { maxLength: 3 },
  ),
});

const query = fc
  .record({
    a: day(-5, 105),
    b: day(-5, 105),
    model: fc.option(fc.constantFrom('JEM' as const, 'WSO' as const, 'TFM' as const), { nil: undefined }),
    state: fc.option(fc.constantFrom('TX', 'FL', 'AZ'), { nil: undefined }),
  })
  .map(({ a, b, model, state }) => {
    const [from, to] = [a, b].sort() as [string, string];
    return { from, to, model, state };
  });

/** How a chunk of encounters arrives. */
const step = fc.record({
  rows: fc.array(encounter, { minLength: 1, maxLength: 12 }),
  how: fc.constantFrom('import' as const, 'commit-without-refresh' as const, 'import-and-reimport' as const),
  queries: fc.array(query, { minLength: 1, maxLength: 3 }),
});

describe.each(backends())('rollups equal a direct recomputation on %s (property)', (backend) => {
  let t: TestDb;
  const files = scratchDir();
  let nextId = 0;
  beforeAll(async () => {
    t = await freshDb(backend);
  });
  afterAll(async () => {
    await t?.close();
    files.remove();
  });

  async function reset() {
    await t.store.db.transaction().execute(async (tx) => {
      await sql`DELETE FROM stat_subject_days`.execute(tx);
      await sql`DELETE FROM stat_subject_repeats`.execute(tx);
      await sql`DELETE FROM encounters`.execute(tx);
      await sql`DELETE FROM encounter_imports`.execute(tx);
      await sql`UPDATE stat_rollup_state SET through_seq = 0, refreshed_at = NULL`.execute(tx);
    });
  }

  /** Commits rows without the refresh, as an import interrupted after its commit would. */
  async function commitWithoutRefresh(rows: FileRow[]) {
    await t.store.db.transaction().execute(async (tx) => {
      await lockStatistics(tx);
      const importId = uuidv7();
      await insertImport(tx, {
        importId,
        sourceFile: 'interrupted.csv',
        importedBy: OPERATOR.id,
        at: new Date(),
      });
      const parsed = rows.map((r, i) => {
        const p = parseEncounterRow(csvLine(r).split(','), i + 2, '2026-01-01');
        if (!p.ok) throw new Error(p.problem.message);
        return { row: p.row, hash: `h${r.encounterId}` };
      });
      await insertEncounters(tx, importId, parsed);
    });
  }

  it('after random imports, interruptions and re-imports', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 4 }), async (steps) => {
        await reset();
        const all: FileRow[] = [];
        for (const s of steps) {
          const rows = s.rows.map((r) => ({ ...r, encounterId: `e${nextId++}` }));
          all.push(...rows);
          if (s.how === 'commit-without-refresh') await commitWithoutRefresh(rows);
          else {
            const file = files.write(`f${nextId}.csv`, csvOf(rows));
            const r = await importEncounters(t.deps, OPERATOR, { file });
            expect(r.ok).toBe(true);
            if (s.how === 'import-and-reimport') {
              const again = await importEncounters(t.deps, OPERATOR, { file });
              expect(again).toMatchObject({ ok: true, value: { outcome: 'unchanged' } });
            }
          }
          for (const q of s.queries) {
            const viaRollups = await getConvictionTable(t.deps, OPERATOR, q);
            expect(viaRollups.ok).toBe(true);
            if (!viaRollups.ok) return;
            const direct = convictionTableDirect(all, q);
            expect(viaRollups.value).toEqual(direct);
            expect(convictionTable(q.from, q.to, await rawCounts(t.store.db, q))).toEqual(direct);
          }
        }
        // Nothing is left to fold in, and a refresh with nothing new changes nothing.
        expect(await refreshRollups(t.deps, OPERATOR)).toMatchObject({ ok: true, value: { encounters: 0 } });
      }),
      { numRuns: 25 },
    );
  });
});
