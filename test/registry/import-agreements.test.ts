/**
 * The registry built from ICE's real published lists, on PGlite and on native PostgreSQL.
 * Expected figures are counted straight from the CSV files with a plain CSV parser, not with
 * Delegate's own reader.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffRegistry } from '../../src/app/registry/diff-registry.ts';
import { getAgency } from '../../src/app/registry/get-agency.ts';
import { getRegistryCounts } from '../../src/app/registry/get-registry-counts.ts';
import { importAgreementLists } from '../../src/app/registry/import-agreement-lists.ts';
import { listAgencies } from '../../src/app/registry/list-agencies.ts';
import { operator, PUBLIC } from '../../src/domain/actor.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { backends, freshDb, type TestDb } from '../support/db.ts';
import { AGREEMENTS_DATA, agreementsFile } from '../support/paths.ts';

const OPERATOR = operator('test');
const ICE_FILES = fs
  .readdirSync(AGREEMENTS_DATA)
  .filter((f) => /^ice_287g_(participating|pending)_\d{4}-\d{2}-\d{2}\.csv$/.test(f))
  .sort();

/** Rows per model straight from a CSV: SUPPORT TYPE's first word decides. */
function expectedRowsPerModel(file: string) {
  const records: Record<string, string>[] = parse(fs.readFileSync(agreementsFile(file)), {
    columns: true,
    skip_empty_lines: true,
    bom: true,
  });
  const counts = { JEM: 0, WSO: 0, TFM: 0 };
  for (const r of records) {
    const t = (r['SUPPORT TYPE'] ?? '').trim().toLowerCase();
    if (t.startsWith('jail')) counts.JEM++;
    else if (t.startsWith('warrant')) counts.WSO++;
    else if (t.startsWith('task')) counts.TFM++;
    else throw new Error(`unexpected model ${t} in ${file}`);
  }
  return counts;
}

const dateOf = (f: string) => /(\d{4}-\d{2}-\d{2})/.exec(f)![1]!;
const listOf = (f: string) => (f.includes('_pending_') ? 'pending' : 'participating');

async function tableSizes(t: TestDb) {
  const out: Record<string, number> = {};
  for (const table of ['agencies', 'agency_keys', 'list_snapshots', 'snapshot_rows', 'agreements'] as const) {
    const r = await t.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(r.n);
  }
  return out;
}

describe.each(backends())('agreements registry on %s', (backend) => {
  describe("ICE's list of 2025-01-04 alone", () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await freshDb(backend);
    });
    afterAll(() => t?.close());

    it('gives the figures ICE published: JEM 60 agreements in 16 states, WSO 75 in 11', async () => {
      const imported = await importAgreementLists(t.deps, OPERATOR, {
        files: [agreementsFile('ice_287g_participating_2025-01-04.csv')],
      });
      expect(imported.ok).toBe(true);
      const counts = await getRegistryCounts(t.deps, PUBLIC, { asOf: '2025-01-04' });
      expect(counts).toMatchObject({ ok: true });
      if (!counts.ok) return;
      expect(counts.value.models.JEM).toEqual({ agreements: 60, agencies: 60, states: 16 });
      expect(counts.value.models.WSO).toEqual({ agreements: 75, agencies: 75, states: 11 });
      expect(counts.value.models.TFM).toEqual({ agreements: 0, agencies: 0, states: 0 });
      expect(counts.value.total.agreements).toBe(135);
      expect(Object.keys(counts.value)).toEqual(['asOf', 'snapshot', 'models', 'total']);
    });

    it('answers an as-of date before any snapshot with zeros and no snapshot', async () => {
      const counts = await getRegistryCounts(t.deps, PUBLIC, { asOf: '2020-01-01' });
      expect(counts.ok && counts.value).toMatchObject({ snapshot: null, total: { agreements: 0 } });
    });

    it('refuses an as-of date in the future and a date that does not exist', async () => {
      const future = await getRegistryCounts(t.deps, PUBLIC, { asOf: '2027-01-01' });
      expect(future.ok ? null : future.error.code).toBe('invalid_input');
      const bogus = await getRegistryCounts(t.deps, PUBLIC, { asOf: '2025-02-30' });
      expect(bogus.ok ? null : bogus.error.code).toBe('invalid_input');
    });

    it('refuses an import by the public, and records the denial', async () => {
      const before = await tableSizes(t);
      const denied = await importAgreementLists(t.deps, PUBLIC, {
        files: [agreementsFile('ice_287g_participating_2025-02-19.csv')],
      });
      expect(denied.ok ? null : denied.error).toMatchObject({
        code: 'unauthenticated',
        ruleId: 'registry.import.program_office',
      });
      expect(await tableSizes(t)).toEqual(before);
      const audit = await t.store.db
        .selectFrom('audit_events')
        .select(['type', 'outcome'])
        .orderBy('seq', 'desc')
        .executeTakeFirst();
      expect(audit).toEqual({ type: 'authorization.denied', outcome: 'denied' });
    });
  });

  describe('every participating and pending list, imported out of order', () => {
    let t: TestDb;
    let sizesAfterImport: Record<string, number>;
    beforeAll(async () => {
      t = await freshDb(backend);
      // One file per call, alternating oldest and newest remaining: every list arrives both
      // before and after lists of other dates, the worst case for anything that assumes time order.
      const order: string[] = [];
      const remaining = [...ICE_FILES];
      while (remaining.length) order.push((order.length % 2 ? remaining.pop() : remaining.shift())!);
      for (const f of order) {
        const r = await importAgreementLists(t.deps, OPERATOR, { files: [agreementsFile(f)] });
        if (!r.ok) throw new Error(r.error.userMessage);
      }
      sizesAfterImport = await tableSizes(t);
    });
    afterAll(() => t?.close());

    it('counts, as of each snapshot date, exactly that snapshot’s rows per model', async () => {
      expect(ICE_FILES).toHaveLength(17);
      for (const f of ICE_FILES) {
        const list = listOf(f);
        const r = await getRegistryCounts(t.deps, PUBLIC, { asOf: dateOf(f), list });
        if (!r.ok) throw new Error(r.error.userMessage);
        const expected = expectedRowsPerModel(f);
        expect(r.value.snapshot, f).toBe(dateOf(f));
        expect(
          {
            JEM: r.value.models.JEM.agreements,
            WSO: r.value.models.WSO.agreements,
            TFM: r.value.models.TFM.agreements,
          },
          f,
        ).toEqual(expected);
      }
    });

    it('keeps pending agencies out of the participating counts', async () => {
      // 2025-05-15 has only a pending list; participating as of that day is still 2025-04-10's.
      const participating = await getRegistryCounts(t.deps, PUBLIC, { asOf: '2025-05-15' });
      expect(participating.ok && participating.value.snapshot).toBe('2025-04-10');
      expect(participating.ok && participating.value.total.agreements).toBe(444);
      const pending = await getRegistryCounts(t.deps, PUBLIC, { asOf: '2025-05-15', list: 'pending' });
      expect(pending.ok && pending.value.total.agreements).toBe(92);
    });

    it('changes nothing when every file is imported again, as CSV or as the original workbook', async () => {
      const again = await importAgreementLists(t.deps, OPERATOR, { files: ICE_FILES.map(agreementsFile) });
      expect(again.ok && again.value.every((o) => o.outcome === 'unchanged')).toBe(true);
      const workbooks = await importAgreementLists(t.deps, OPERATOR, {
        files: ICE_FILES.map((f) => path.join(AGREEMENTS_DATA, 'xlsx', f.replace(/\.csv$/, '.xlsx'))),
      });
      if (!workbooks.ok) throw new Error(workbooks.error.userMessage);
      expect(workbooks.value.map((o) => o.outcome)).toEqual(ICE_FILES.map(() => 'unchanged'));
      expect(await tableSizes(t)).toEqual(sizesAfterImport);
    });

    it('lists who joined, left and switched models between 2025-01-04 and 2026-05-18', async () => {
      const diff = await diffRegistry(t.deps, PUBLIC, { from: '2025-01-04', to: '2026-05-18' });
      if (!diff.ok) throw new Error(diff.error.userMessage);
      const { joined, left, switched } = diff.value;
      expect(diff.value.fromSnapshot).toBe('2025-01-04');
      expect(diff.value.toSnapshot).toBe('2026-05-18');
      const names = (xs: { state: string; agencyName: string }[]) =>
        xs.map((x) => `${x.state}|${x.agencyName}`);
      // Cecil County (MD) ended its JEM agreement; Etowah County (AL) kept JEM and added TFM.
      expect(names(left)).toContain("MARYLAND|Cecil County Sheriff's Office");
      expect(switched.find((s) => s.agencyName === "Etowah County Sheriff's Office")).toMatchObject({
        added: ['TFM'],
        removed: [],
      });
      // Nobody is counted twice, and the three lists account for every agency that changed.
      const all = [...names(joined), ...names(left), ...names(switched)];
      expect(new Set(all).size).toBe(all.length);
      const before = await getRegistryCounts(t.deps, PUBLIC, { asOf: '2025-01-04' });
      const after = await getRegistryCounts(t.deps, PUBLIC, { asOf: '2026-05-18' });
      if (!before.ok || !after.ok) throw new Error('counts');
      expect(before.value.total.agencies + joined.length - left.length).toBe(after.value.total.agencies);
    });

    it('keeps one agency across spellings and records the rename in its history', async () => {
      const alaska = await listAgencies(t.deps, PUBLIC, { state: 'ALASKA', q: 'Department of Corrections' });
      if (!alaska.ok) throw new Error(alaska.error.userMessage);
      expect(alaska.value.items).toHaveLength(1);
      const agency = await getAgency(t.deps, PUBLIC, { agencyId: alaska.value.items[0]!.agencyId });
      if (!agency.ok) throw new Error(agency.error.userMessage);
      expect(agency.value.agency.names.map((n) => n.name)).toEqual([
        'Department of Corrections',
        'Alaska Department of Corrections',
      ]);
      expect(agency.value.events.some((e) => e.kind === 'agency_renamed')).toBe(true);
    });

    it('derives the same agencies and agreements whatever the import order', async () => {
      const agreementsOf = async (db: TestDb) =>
        (
          await db.store.db
            .selectFrom('agreements as g')
            .innerJoin('agencies as a', 'a.agency_id', 'g.agency_id')
            .select([
              'a.state',
              'a.name',
              'g.list',
              'g.model',
              'g.signed_key',
              'g.status',
              'g.first_seen',
              'g.last_seen',
              'g.moa_url',
            ])
            .execute()
        )
          .map((r) => JSON.stringify(r))
          .sort();
      const other = await freshDb(backend);
      try {
        // All files in one batch, oldest first, this time.
        const r = await importAgreementLists(other.deps, OPERATOR, { files: ICE_FILES.map(agreementsFile) });
        expect(r.ok).toBe(true);
        expect(await agreementsOf(other)).toEqual(await agreementsOf(t));
      } finally {
        await other.close();
      }
    });

    it('keeps the audit chain intact across all imports', async () => {
      const check = await verifyAuditChain(t.store.db);
      expect(check).toMatchObject({ ok: true, firstBadSeq: null });
      expect(check.rows).toBeGreaterThanOrEqual(17);
    });
  });

  describe('bad files change nothing', () => {
    let t: TestDb;
    let dir: string;
    beforeAll(async () => {
      t = await freshDb(backend);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-bad-'));
    });
    afterAll(async () => {
      await t?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const write = (name: string, text: string) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, text);
      return p;
    };

    it('refuses a batch with one bad file, naming file, row and column, and writes none of it', async () => {
      const good = agreementsFile('ice_287g_participating_2025-01-04.csv');
      const bad = write(
        'ice_287g_participating_2025-03-01.csv',
        "STATE,LAW ENFORCEMENT AGENCY,SUPPORT TYPE,SIGNED\nTEXAS,Example County Sheriff's Office,Jail Enforcement Model,1/2/25\nTEXAS,Example Police Department,Border Patrol Model,1/2/25\n",
      );
      const before = await tableSizes(t);
      const r = await importAgreementLists(t.deps, OPERATOR, { files: [good, bad] });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.userMessage).toMatch(/^ice_287g_participating_2025-03-01\.csv:3:SUPPORT TYPE: /);
      expect(r.error.userMessage).toContain('Border Patrol Model');
      expect(await tableSizes(t)).toEqual(before);
    });

    it('refuses a snapshot dated after today', async () => {
      const future = write(
        'ice_287g_participating_2026-12-25.csv',
        "STATE,LAW ENFORCEMENT AGENCY,SUPPORT TYPE,SIGNED\nTEXAS,Example County Sheriff's Office,Jail Enforcement Model,1/2/25\n",
      );
      const r = await importAgreementLists(t.deps, OPERATOR, { files: [future] });
      expect(r.ok ? null : r.error.userMessage).toMatch(/2026-12-25 is after today \(2026-11-29\)/);
    });

    it('refuses a second, different list for a date already imported', async () => {
      const first = write(
        'a.csv',
        "STATE,LAW ENFORCEMENT AGENCY,SUPPORT TYPE,SIGNED\nTEXAS,Example County Sheriff's Office,Jail Enforcement Model,1/2/25\n",
      );
      const second = write(
        'b.csv',
        "STATE,LAW ENFORCEMENT AGENCY,SUPPORT TYPE,SIGNED\nTEXAS,Example County Sheriff's Office,Task Force Model,1/2/25\n",
      );
      const opts = { snapshotDate: '2025-03-03' };
      expect((await importAgreementLists(t.deps, OPERATOR, { files: [first], ...opts })).ok).toBe(true);
      const before = await tableSizes(t);
      const r = await importAgreementLists(t.deps, OPERATOR, { files: [second], ...opts });
      expect(r.ok ? null : r.error.code).toBe('conflict');
      expect(await tableSizes(t)).toEqual(before);
    });

    it('records every refusal in the audit trail', async () => {
      const refusals = await t.store.db
        .selectFrom('audit_events')
        .select('type')
        .where('type', '=', 'registry.list_import_refused')
        .execute();
      expect(refusals.length).toBe(3);
    });
  });
});
