/**
 * The conviction-category table from an imported file with known totals, on PGlite and on
 * native PostgreSQL: the rollup answer, the naive count over raw rows and the hand count agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConvictionTable } from '../../src/app/statistics/get-conviction-table.ts';
import { importEncounters } from '../../src/app/statistics/import-encounters.ts';
import { operator } from '../../src/domain/actor.ts';
import { convictionTable, isModel } from '../../src/domain/statistics.ts';
import { rawCounts } from '../../src/store/encounters.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { csvOf, KNOWN, KNOWN_EXPECTED, scratchDir } from './support.ts';

const OPERATOR = operator('test');
const officer = { kind: 'user', id: 'u-officer', role: 'lea_officer', agencyId: null } as const;
const inspector = { kind: 'user', id: 'u-inspector', role: 'inspector', agencyId: null } as const;

describe.each(backends())('conviction-category table on %s', (backend) => {
  let t: TestDb;
  const files = scratchDir();
  beforeAll(async () => {
    t = await freshDb(backend);
    const r = await importEncounters(t.deps, OPERATOR, { file: files.write('known.csv', KNOWN) });
    expect(r).toMatchObject({ ok: true, value: { rows: 11, newEncounters: 11 } });
  });
  afterAll(async () => {
    await t?.close();
    files.remove();
  });

  it('refuses an agency officer, and records the denial', async () => {
    const r = await getConvictionTable(t.deps, officer, { from: '2017-10-01', to: '2020-09-30' });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(r.auditId).toBeTruthy();
  });

  it.each([
    [{ from: '2017-13-01', to: '2020-09-30' }, /from "2017-13-01"/],
    [{ from: '2017-10-01', to: '2020-9-30' }, /to "2020-9-30"/],
    [{ from: '2020-10-01', to: '2020-09-30' }, /ends .* before it starts/],
    [{ from: '2017-10-01', to: '2020-09-30', model: 'HARBOR' }, /model "HARBOR"/],
    [{ from: '2017-10-01', to: '2020-09-30', state: 'TEXAS' }, /state "TEXAS"/],
  ])('refuses bad input %o', async (input, message) => {
    const r = await getConvictionTable(t.deps, OPERATOR, input);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!r.ok) expect(r.error.userMessage).toMatch(message);
  });

  it.each(KNOWN_EXPECTED)('reproduces the hand-counted figures for %o', async (flags, expected) => {
    const r = await getConvictionTable(t.deps, inspector, flags);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual(expected);
    expect(JSON.stringify(r.value)).toBe(JSON.stringify(expected));
    const model = flags.model && isModel(flags.model) ? flags.model : undefined;
    const raw = await rawCounts(t.store.db, { from: flags.from, to: flags.to, model, state: flags.state });
    expect(convictionTable(flags.from, flags.to, raw)).toEqual(expected);
  });

  it('accepts lower-case model and state', async () => {
    const r = await getConvictionTable(t.deps, OPERATOR, {
      from: '2017-10-01',
      to: '2020-09-30',
      model: 'tfm',
      state: 'fl',
    });
    expect(r).toMatchObject({ ok: true, value: { identified: 1 } });
  });

  it('counts nothing in a window without encounters', async () => {
    const r = await getConvictionTable(t.deps, OPERATOR, { from: '2001-01-01', to: '2001-12-31' });
    expect(r).toMatchObject({ ok: true, value: { identified: 0, placedInProceedings: 0 } });
  });

  it('counts a later file exactly, including a subject seen before with an earlier encounter', async () => {
    // P8 again, now with an earlier encounter before the window and a new homicide conviction.
    const more = csvOf([
      {
        encounterId: 'B1',
        subjectId: 'P8',
        date: '2016-01-01',
        model: 'JEM',
        state: 'TX',
        removalProceedings: true,
        convictions: [{ code: '1010', date: '2015-01-01' }],
      },
      {
        encounterId: 'B2',
        subjectId: 'P9',
        date: '2018-01-01',
        model: 'JEM',
        state: 'TX',
        removalProceedings: false,
        convictions: [{ code: '1313', date: '2017-01-01' }],
      },
    ]);
    const r = await importEncounters(t.deps, OPERATOR, { file: files.write('more.csv', more) });
    expect(r).toMatchObject({ ok: true, value: { newEncounters: 2 } });
    const table = await getConvictionTable(t.deps, OPERATOR, { from: '2017-10-01', to: '2020-09-30' });
    expect(table).toMatchObject({
      ok: true,
      value: {
        identified: 7,
        placedInProceedings: 4,
        categories: { kidnapping: 2, assault: 2, homicide: 1 },
      },
    });
  });
});
