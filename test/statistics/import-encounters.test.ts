/**
 * `import encounters` on PGlite and native PostgreSQL: every bad file is refused naming its
 * line and field with nothing written; a conflicting re-import is refused; the same file again
 * changes nothing; a crash between the import's commit and its refresh is caught up.
 */
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConvictionTable } from '../../src/app/statistics/get-conviction-table.ts';
import { importEncounters } from '../../src/app/statistics/import-encounters.ts';
import { refreshRollups } from '../../src/app/statistics/refresh-rollups.ts';
import { operator } from '../../src/domain/actor.ts';
import { parseEncounterRow } from '../../src/domain/encounters-file.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { insertEncounters, insertImport, lockStatistics, rollupsBehind } from '../../src/store/encounters.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { HEADER, KNOWN, scratchDir, statisticsTables } from './support.ts';

const OPERATOR = operator('test');
const GOOD = 'E1,Harris County Sheriff,TX,JEM,2019-01-01,S1,1313@2018-01-01,3562,true,false';
const file = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

async function auditTypes(t: TestDb) {
  const r = await sql<{ type: string; outcome: string; data: Record<string, unknown> }>`
    SELECT type, outcome, data FROM audit_events ORDER BY seq`.execute(t.store.db);
  return r.rows;
}

describe.each(backends())('import encounters on %s', (backend) => {
  let t: TestDb;
  const files = scratchDir();
  beforeAll(async () => {
    t = await freshDb(backend);
  });
  afterAll(async () => {
    await t?.close();
    files.remove();
  });

  describe('refuses a bad file, names the line and field, and writes nothing', () => {
    it.each([
      ['an empty file', '', /:1:header: the file is empty/],
      ['a wrong header', 'id,agency\nE1,X\n', /:1:header: the header must be .*missing encounter_id/],
      ['a header only', `${HEADER}\n`, /:2:row: .*no encounters/],
      ['a short row', file(GOOD, 'E2,X,TX,JEM,2019-01-01'), /:3:row: has 5 fields; the header has 10/],
      ['an empty encounter id', file(GOOD.replace('E1,', ',')), /:2:encounter_id: is empty/],
      ['an empty agency', file(GOOD.replace('Harris County Sheriff', '')), /:2:agency: is empty/],
      [
        'an unknown state',
        file(GOOD, GOOD.replace('E1', 'E2').replace(',TX,', ',TEXAS,')),
        /:3:state: "TEXAS"/,
      ],
      ['an unknown model', file(GOOD.replace('JEM', 'Harbor')), /:2:model: "Harbor" is not JEM, WSO or TFM/],
      [
        'an impossible date',
        file(GOOD.replace('2019-01-01', '2019-02-30')),
        /:2:encounter_date: .*2019-02-30/,
      ],
      ['a US-style date', file(GOOD.replace('2019-01-01', '1/1/2019')), /:2:encounter_date: /],
      [
        'an encounter in the future',
        file(GOOD.replace('2019-01-01', '2027-01-01')),
        /:2:encounter_date: .*after today/,
      ],
      ['an empty subject', file(GOOD.replace(',S1,', ',,')), /:2:subject_id: is empty/],
      ['a conviction without date', file(GOOD.replace('1313@2018-01-01', '1313')), /:2:convictions: item 1/],
      [
        'a three-digit NCIC code',
        file(GOOD.replace('1313@', '131@')),
        /:2:convictions: .*"131" is not a four-digit/,
      ],
      [
        'a bad conviction date',
        file(GOOD.replace('@2018-01-01', '@2018-13-01')),
        /:2:convictions: .*conviction date/,
      ],
      ['a bad pending charge', file(GOOD.replace(',3562,', ',35X2,')), /:2:pending_charges: .*"35X2"/],
      ['a boolean spelled yes', file(GOOD.replace('true,false', 'yes,false')), /:2:detainer_issued: "yes"/],
      ['a boolean spelled 1', file(GOOD.replace('true,false', 'true,1')), /:2:removal_proceedings: "1"/],
      ['an unclosed quote', file(GOOD, 'E2,"Harris County,TX,JEM,2019-01-01,S2,,,true,false'), /:\d+:row: /],
      [
        'the same id twice with different content',
        file(GOOD, GOOD.replace(',S1,', ',S2,')),
        /:3:encounter_id: encounter E1 appears on line 2 with different content/,
      ],
    ])('%s', async (_what, content, message) => {
      const before = await statisticsTables(t.store.db);
      const name = `bad-${Math.random().toString(36).slice(2)}.csv`;
      const r = await importEncounters(t.deps, OPERATOR, { file: files.write(name, content) });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.userMessage).toMatch(new RegExp(`^${name.replace('.', '\\.')}`));
      expect(r.error.userMessage).toMatch(message);
      expect(r.error.userMessage.split('\n')).toHaveLength(1);
      expect(await statisticsTables(t.store.db)).toEqual(before);
      const last = (await auditTypes(t)).at(-1);
      expect(last).toMatchObject({
        type: 'encounters.import_refused',
        outcome: 'failed',
        data: { sourceFile: name },
      });
    });

    it('a bad row after many good ones (past the first batch) still writes nothing', async () => {
      const rows = Array.from({ length: 12_000 }, (_, i) =>
        GOOD.replace('E1', `M${i}`).replace(',S1,', `,S${i % 700},`),
      );
      rows.push(GOOD.replace('E1', 'M-last').replace(',TX,', ',XX,'));
      const before = await statisticsTables(t.store.db);
      const r = await importEncounters(t.deps, OPERATOR, { file: files.write('late.csv', file(...rows)) });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', where: { line: 12_002, field: 'state' } },
      });
      expect(await statisticsTables(t.store.db)).toEqual(before);
    });

    it('a file that does not exist', async () => {
      const r = await importEncounters(t.deps, OPERATOR, { file: `${files.dir}/nope.csv` });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', userMessage: 'nope.csv: cannot read the file.' },
      });
    });
  });

  it('refuses an agency officer before reading the file', async () => {
    const officer = { kind: 'user', id: 'u1', role: 'lea_officer', agencyId: null } as const;
    const r = await importEncounters(t.deps, officer, { file: files.write('k0.csv', KNOWN) });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await statisticsTables(t.store.db)).encounters).toBe(0);
  });

  it('imports a file, then the same file again changes nothing', async () => {
    const first = await importEncounters(t.deps, OPERATOR, { file: files.write('known.csv', KNOWN) });
    expect(first).toMatchObject({
      ok: true,
      value: { outcome: 'imported', rows: 11, newEncounters: 11, unchanged: 0, rollups: { encounters: 11 } },
    });
    const after = await statisticsTables(t.store.db);
    expect(after).toMatchObject({ encounters: 11, encounter_imports: 1 });
    const again = await importEncounters(t.deps, OPERATOR, { file: files.write('known-again.csv', KNOWN) });
    expect(again).toMatchObject({
      ok: true,
      value: { outcome: 'unchanged', rows: 11, newEncounters: 0, unchanged: 11, importId: null },
    });
    expect(await statisticsTables(t.store.db)).toEqual(after);
    const types = (await auditTypes(t)).map((e) => e.type);
    expect(types.filter((x) => x === 'encounters.imported')).toHaveLength(1);
    expect(types.filter((x) => x === 'statistics.rollups_refreshed')).toHaveLength(1);
  });

  it('imports only the new rows of a file that overlaps one already imported', async () => {
    const overlap = `${KNOWN}A12,Harris County Sheriff,TX,JEM,2020-02-02,P9,,,false,true\n`;
    const r = await importEncounters(t.deps, OPERATOR, { file: files.write('overlap.csv', overlap) });
    expect(r).toMatchObject({ ok: true, value: { rows: 12, newEncounters: 1, unchanged: 11 } });
  });

  it('refuses an encounter id already imported with other content, naming the line', async () => {
    const before = await statisticsTables(t.store.db);
    const changed = KNOWN.replace(
      "A3,Polk County Sheriff's Office,FL,TFM,2020-09-30",
      "A3,Polk County Sheriff's Office,FL,TFM,2020-09-29",
    );
    const r = await importEncounters(t.deps, OPERATOR, {
      file: files.write(
        'changed.csv',
        `${changed}Z1,Harris County Sheriff,TX,JEM,2020-02-02,P10,,,false,true\n`,
      ),
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        userMessage:
          'changed.csv:4:encounter_id: encounter A3 was already imported with different content; nothing was written.',
      },
    });
    expect(await statisticsTables(t.store.db)).toEqual(before);
  });

  it('catches up when encounters were committed but never folded into the rollups', async () => {
    // As if an import had committed and the process stopped before its refresh.
    const row = parseEncounterRow(
      'C1,Harris County Sheriff,TX,JEM,2020-03-03,P11,5212@2020-01-01,,true,true'.split(','),
      2,
      '2026-01-01',
    );
    if (!row.ok) throw new Error(row.problem.message);
    await t.store.db.transaction().execute(async (tx) => {
      await lockStatistics(tx);
      const importId = uuidv7();
      await insertImport(tx, {
        importId,
        sourceFile: 'crashed.csv',
        importedBy: OPERATOR.id,
        at: new Date(),
      });
      await insertEncounters(tx, importId, [{ row: row.row, hash: 'h' }]);
    });
    expect(await rollupsBehind(t.store.db)).toBe(true);
    const table = await getConvictionTable(t.deps, OPERATOR, { from: '2020-03-03', to: '2020-03-03' });
    expect(table).toMatchObject({
      ok: true,
      value: { identified: 1, placedInProceedings: 1, categories: { weapon_offenses: 1 } },
    });
    expect(await rollupsBehind(t.store.db)).toBe(false);
    const refresh = await refreshRollups(t.deps, OPERATOR);
    expect(refresh).toMatchObject({ ok: true, value: { encounters: 0 } });
  });

  it('keeps the audit chain intact', async () => {
    expect(await verifyAuditChain(t.store.db)).toMatchObject({ ok: true });
  });
});
