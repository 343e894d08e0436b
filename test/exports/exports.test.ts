/**
 * The export use cases on PGlite and native PostgreSQL: who may export, bad input refused with
 * nothing recorded, the conviction table as CSV and XLSX, the encounters of a window and one
 * case as NIEM 5.2 (validated with xmllint against the real schemas), and the Privacy Act
 * accounting (R24): a disclosure row for a recipient outside the agency, none for an internal
 * export, append-only, listed in the per-subject accounting.
 */

import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCaseNiem } from '../../src/app/exports/export-case-niem.ts';
import { exportConvictionTable } from '../../src/app/exports/export-conviction-table.ts';
import { exportEncountersNiem } from '../../src/app/exports/export-encounters-niem.ts';
import { importEncounters } from '../../src/app/statistics/import-encounters.ts';
import { operator } from '../../src/domain/actor.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import { allDisclosures, disclosuresOfSubject } from '../../src/store/exports.ts';
import { advance, newCase } from '../casework/flow.ts';
import { type JemWorld, jemWorld, value } from '../casework/support.ts';
import { KNOWN, scratchDir } from '../statistics/support.ts';
import { backends } from '../support/db.ts';
import { type NiemValidator, niemValidator } from './niem-schema.ts';

const WINDOW = { from: '2017-10-01', to: '2020-09-30' };
/** KNOWN's encounters in WINDOW (A4 is the day before, A5 the day after). */
const IN_WINDOW = ['A1', 'A2', 'A3', 'A6', 'A7', 'A8', 'A9', 'A10', 'A11'];
const OUTSIDE = {
  recipient: 'Example State Fusion Center',
  recipientAddress: '100 Capitol Way, Example City',
  purpose: 'Joint review of 287(g) task force encounters',
  routineUse: 'DHS/ICE-011 routine use G (law enforcement referral)',
};

async function exportEvents(w: JemWorld) {
  const r = await sql<{ data: Record<string, unknown> }>`
    SELECT data FROM audit_events WHERE type = 'export.created' ORDER BY seq`.execute(w.t.store.db);
  return r.rows.map((x) => x.data);
}

describe.each(backends())('exports on %s', (backend) => {
  let w: JemWorld;
  let v: NiemValidator;
  let caseId: string;
  let subjectId: string;
  const files = scratchDir('delegate-exports-');
  const niemFiles: string[] = [];

  beforeAll(async () => {
    w = await jemWorld(backend);
    v = niemValidator();
    value(await importEncounters(w.t.deps, operator('test'), { file: files.write('known.csv', KNOWN) }));
    const c = await newCase(w);
    caseId = c.caseId;
    subjectId = c.subjectId;
    await advance(w, caseId, 'detainer_served');
  }, 180_000);
  afterAll(async () => {
    await w?.t.close();
    v?.remove();
    files.remove();
  });

  describe('refuses, and records no export and no disclosure', () => {
    it('a local officer: exact statistics and encounters are ICE-only', async () => {
      for (const r of [
        await exportConvictionTable(w.t.deps, w.officer, { ...WINDOW, format: 'csv' }),
        await exportEncountersNiem(w.t.deps, w.officer, { ...WINDOW, ...OUTSIDE }),
      ]) {
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.code).toBe('forbidden');
      }
    });

    it('an auditor: auditors read the audit trail, not cases', async () => {
      const r = await exportCaseNiem(w.t.deps, w.auditor, caseId, OUTSIDE);
      expect(r.ok || r.error.code).toBe('forbidden');
    });

    it.each([
      ['a format that is not csv or xlsx', { ...WINDOW, format: 'pdf' }, 'format'],
      ['a recipient without a purpose', { ...WINDOW, recipient: 'X', routineUse: 'Y' }, 'purpose'],
      ['a recipient without a routine use', { ...WINDOW, recipient: 'X', purpose: 'Y' }, 'routineUse'],
      ['a purpose without a recipient', { ...WINDOW, purpose: 'Y' }, 'purpose'],
      ['a window that ends before it starts', { from: '2020-01-01', to: '2019-01-01' }, 'to'],
      ['a date that does not exist', { from: '2019-02-30', to: '2019-03-01' }, 'from'],
    ])('the conviction table with %s', async (_, input, field) => {
      const r = await exportConvictionTable(w.t.deps, w.program, input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid_input');
        expect(r.error.where?.field).toBe(field);
      }
    });

    it('encounters in another format, or more of them than one file may hold', async () => {
      const pdf = await exportEncountersNiem(w.t.deps, w.program, { ...WINDOW, format: 'pdf' });
      expect(pdf.ok || pdf.error.code).toBe('invalid_input');
      const big = await exportEncountersNiem(w.t.deps, w.program, WINDOW, { maxEncounters: 8 });
      expect(big.ok || big.error.userMessage).toMatch(/more than 8 encounters: narrow/);
    });

    it('a case that does not exist', async () => {
      const r = await exportCaseNiem(w.t.deps, w.program, '00000000-0000-7000-8000-000000000000');
      expect(r.ok || r.error.code).toBe('not_found');
    });

    it('…so nothing was recorded', async () => {
      expect(await exportEvents(w)).toEqual([]);
      expect(await allDisclosures(w.t.store.db)).toEqual([]);
    });
  });

  it('exports the conviction table as CSV for internal use: audited, no disclosure', async () => {
    const r = value(await exportConvictionTable(w.t.deps, w.program, { ...WINDOW, format: 'csv' }));
    const rows = parse(new TextDecoder().decode(r.content)) as string[][];
    expect(rows[0]).toEqual(['from', 'to', 'model', 'state', 'measure', 'description', 'subjects']);
    const byMeasure = new Map(rows.slice(1).map((x) => [x[4], x[6]]));
    expect(byMeasure.get('identified')).toBe('6');
    expect(byMeasure.get('placed_in_proceedings')).toBe('4');
    expect(byMeasure.get('homicide')).toBe('1');
    expect(r.mediaType).toMatch(/^text\/csv/);
    expect(r.disclosureId).toBeNull();
    expect(await allDisclosures(w.t.store.db)).toEqual([]);
    expect((await exportEvents(w)).at(-1)).toMatchObject({
      report: 'conviction_table',
      format: 'csv',
      records: 0,
      sha256: r.sha256,
      recipient: null,
      disclosureId: null,
    });
  });

  it('exports the conviction table as XLSX to an outside recipient: one disclosure, no individual records', async () => {
    const r = value(
      await exportConvictionTable(w.t.deps, w.program, {
        ...WINDOW,
        model: 'jem',
        format: 'xlsx',
        ...OUTSIDE,
      }),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.content as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    // One row per measure, the window and filters on each; P1, P6, P7 and P8 had JEM encounters.
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      WINDOW.from,
      WINDOW.to,
      'JEM',
      'all',
      'identified',
      expect.any(String),
      4,
    ]);
    const [d] = await allDisclosures(w.t.store.db);
    expect(d).toMatchObject({
      disclosureId: r.disclosureId,
      disclosedBy: w.program.id,
      recipientName: OUTSIDE.recipient,
      recipientAddress: OUTSIDE.recipientAddress,
      purpose: OUTSIDE.purpose,
      legalBasis: OUTSIDE.routineUse,
      report: 'conviction_table',
      format: 'xlsx',
      contentSha256: r.sha256,
      recordIds: [],
      subjectIds: [],
    });
    expect(d?.nature).toMatch(/2017-10-01 to 2020-09-30, model JEM/);
    expect(d?.disclosedAt.toISOString()).toBe('2026-11-29T12:00:00.000Z');
  });

  it('exports the encounters of a window as NIEM: internal → no disclosure; outside → every record and subject listed', async () => {
    const before = (await allDisclosures(w.t.store.db)).length;
    const inside = value(await exportEncountersNiem(w.t.deps, w.program, { ...WINDOW, format: 'niem' }));
    expect(inside.disclosureId).toBeNull();
    expect(await allDisclosures(w.t.store.db)).toHaveLength(before);
    niemFiles.push(v.write('encounters-internal.xml', inside.content));

    const outside = value(
      await exportEncountersNiem(w.t.deps, w.inspector, { ...WINDOW, format: 'niem', ...OUTSIDE }),
    );
    niemFiles.push(v.write('encounters-outside.xml', outside.content));
    const xml = new TextDecoder().decode(outside.content);
    expect(xml.match(/<im:AlienEncounter /g)).toHaveLength(IN_WINDOW.length);
    expect(xml.match(/<im:AlienRole>/g)).toHaveLength(6);
    const all = await allDisclosures(w.t.store.db);
    expect(all).toHaveLength(before + 1);
    const d = all.at(-1)!;
    expect(d.disclosureId).toBe(outside.disclosureId);
    expect([...d.recordIds].sort()).toEqual([...IN_WINDOW].sort());
    expect([...d.subjectIds].sort()).toEqual(['P1', 'P2', 'P5', 'P6', 'P7', 'P8']);
    expect(d.nature).toMatch(/NIEM 5\.2 XML of 9 historical encounters/);
    // The per-subject accounting (5 U.S.C. §552a(c)(3)) finds it; a subject outside the window does not.
    expect((await disclosuresOfSubject(w.t.store.db, 'P8')).map((x) => x.disclosureId)).toEqual([
      d.disclosureId,
    ]);
    expect(await disclosuresOfSubject(w.t.store.db, 'P4')).toEqual([]);
  });

  it('exports one case with its served detainer as NIEM to an outside recipient', async () => {
    const r = value(await exportCaseNiem(w.t.deps, w.supervisor, caseId, OUTSIDE));
    niemFiles.push(v.write('case.xml', r.content));
    const xml = new TextDecoder().decode(r.content);
    expect(xml).toContain('<j:DetainerNotificationRequest structures:id="D1">');
    expect(xml).toContain('served on the subject (effective)');
    expect(xml).toContain('<j:ChargeNCICText>1313</j:ChargeNCICText>');
    const d = (await disclosuresOfSubject(w.t.store.db, subjectId)).at(-1)!;
    expect(d).toMatchObject({
      disclosureId: r.disclosureId,
      report: 'case',
      format: 'niem',
      subjectIds: [subjectId],
    });
    expect(d.recordIds).toEqual([expect.stringMatching(/^JEM-2026-\d+$/)]);
  });

  it('every NIEM export validates against the NIEM 5.2 schemas', () => {
    expect(niemFiles).toHaveLength(3);
    const { results, output } = v.validate(niemFiles);
    for (const f of niemFiles) expect(results.get(f.split('/').at(-1)!), output).toBe(true);
  }, 120_000);

  it('keeps disclosures append-only, and the audit chain intact', async () => {
    await expect(sql`UPDATE disclosures SET purpose = 'changed'`.execute(w.t.store.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM disclosures`.execute(w.t.store.db)).rejects.toThrow(/append-only/);
    const events = await exportEvents(w);
    expect(events.filter((e) => e.disclosureId !== null)).toHaveLength(3);
    expect(events).toHaveLength(5);
    expect((await verifyAuditChain(w.t.store.db)).ok).toBe(true);
  });
});
