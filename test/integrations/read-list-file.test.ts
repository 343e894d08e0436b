import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatListFileProblem,
  type ListKind,
  type ListRow,
  type ParsedList,
} from '../../src/domain/registry.ts';
import { readListFile } from '../../src/integrations/ice-agency-list/read-list-file.ts';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data/agreements');

/** Records per file, from the table in the data README. */
const EXPECTED_ROWS: Record<string, number> = {
  'ice_287g_participating_2021-01-13': 150,
  'ice_287g_participating_2022-01-04': 142,
  'ice_287g_participating_2023-01-02': 140,
  'ice_287g_participating_2024-01-02': 137,
  'ice_287g_participating_2025-01-04': 135,
  'ice_287g_participating_2025-02-19': 145,
  'ice_287g_participating_2025-02-21': 151,
  'ice_287g_participating_2025-04-10': 444,
  'ice_287g_participating_2025-05-16': 571,
  'ice_287g_participating_2025-07-18': 832,
  'ice_287g_participating_2025-10-31': 1096,
  'ice_287g_participating_2025-12-31': 1274,
  'ice_287g_participating_2026-05-18': 1843,
  'ice_287g_pending_2025-05-15': 92,
  'ice_287g_pending_2025-07-18': 26,
  'ice_287g_pending_2025-12-31': 24,
  'ice_287g_pending_2026-02-27': 2,
};
const NAMES = Object.keys(EXPECTED_ROWS);

const parsed = new Map<string, ParsedList>();

async function readOk(file: string, opts?: Parameters<typeof readListFile>[1]): Promise<ParsedList> {
  const result = await readListFile(file, opts);
  if (!result.ok) throw new Error(formatListFileProblem(result.problem));
  return result.value;
}

function csv(name: string): ParsedList {
  return parsed.get(`${name}.csv`)!;
}

beforeAll(async () => {
  for (const name of NAMES) {
    parsed.set(`${name}.csv`, await readOk(path.join(DATA, `${name}.csv`)));
    parsed.set(`${name}.xlsx`, await readOk(path.join(DATA, 'xlsx', `${name}.xlsx`)));
  }
});

describe('real ICE lists', () => {
  it.each(NAMES)('%s parses in both formats with the documented row count', (name) => {
    const [, , list, date] = name.split('_') as [string, string, ListKind, string];
    for (const format of ['csv', 'xlsx'] as const) {
      const value = parsed.get(`${name}.${format}`)!;
      expect(value.rows).toHaveLength(EXPECTED_ROWS[name]!);
      expect(value).toMatchObject({ list, snapshotDate: date, format, sourceFile: `${name}.${format}` });
      expect(value.columns.slice(0, 2)).toEqual(['STATE', 'LAW ENFORCEMENT AGENCY']);
    }
  });

  it.each(NAMES)('%s: the .xlsx original gives the same rows as its CSV copy', (name) => {
    const fields = (r: ListRow) => {
      const { signedRaw: _ignored, ...rest } = r;
      return rest;
    };
    const fromCsv = csv(name).rows.map(fields);
    const fromXlsx = parsed.get(`${name}.xlsx`)!.rows.map(fields);
    expect(fromXlsx).toEqual(fromCsv);
  });

  it('2025-01-04 has 60 JEM rows in 16 states and 75 WSO rows in 11 states', () => {
    const rows = csv('ice_287g_participating_2025-01-04').rows;
    const byModel = (model: string) => rows.filter((r) => r.model === model);
    expect(byModel('JEM')).toHaveLength(60);
    expect(new Set(byModel('JEM').map((r) => r.state)).size).toBe(16);
    expect(byModel('WSO')).toHaveLength(75);
    expect(new Set(byModel('WSO').map((r) => r.state)).size).toBe(11);
    expect(byModel('TFM')).toHaveLength(0);
  });

  it('keeps malformed SIGNED text, flags it and gives no date', () => {
    const malformed = (name: string) =>
      csv(name)
        .rows.filter((r) => r.flags.includes('signed_date_malformed'))
        .map((r) => [r.agencyName, r.signedRaw, r.signedDate]);
    expect(malformed('ice_287g_participating_2025-05-16')).toEqual([
      ["Campbell County Sheriff's Office", '05/082025', null],
    ]);
    expect(malformed('ice_287g_participating_2025-07-18')).toEqual([
      // Displayed as 7/7/25, but the Excel serial behind the cell is in year 5025.
      ["Grundy County Sheriff's Office", '7/7/25', null],
      ["Tooele County Sheriff's Office", '7/72025', null],
      ["Campbell County Sheriff's Office", '05/082025', null],
    ]);
    const grundy = parsed
      .get('ice_287g_participating_2025-07-18.xlsx')!
      .rows.find((r) => r.rowNumber === 639)!;
    expect(grundy).toMatchObject({ agencyName: "Grundy County Sheriff's Office", signedRaw: '5025-07-07' });
    expect(grundy.signedDate).toBeNull();
    expect(grundy.flags).toContain('signed_date_malformed');
  });

  it('reads signed dates from ISO text, M/D/YY text and Excel date cells', () => {
    expect(csv('ice_287g_participating_2021-01-13').rows[0]).toMatchObject({
      signedRaw: '2016-06-08',
      signedDate: '2016-06-08',
    });
    expect(csv('ice_287g_participating_2025-02-21').rows[0]).toMatchObject({
      signedRaw: '6/9/20',
      signedDate: '2020-06-09',
    });
    expect(parsed.get('ice_287g_participating_2025-02-21.xlsx')!.rows[0]).toMatchObject({
      signedRaw: '2020-06-09',
      signedDate: '2020-06-09',
    });
  });

  it('parses the quoted CR/LF county cell', () => {
    const list = csv('ice_287g_participating_2026-05-18');
    const row = list.rows.find((r) => r.agencyName === 'Shenandoah Borough Police Department')!;
    expect(row).toMatchObject({ rowNumber: 1180, county: 'Schuylkill County', model: 'TFM' });
    expect(row.flags).toContain('whitespace_trimmed');
    // Records, not lines: the last record is row 1844 although the file has one more line.
    expect(list.rows.at(-1)!.rowNumber).toBe(1844);
  });

  it("maps ICE's misspelt model names and flags them", () => {
    const misspelt = (name: string) =>
      csv(name)
        .rows.filter((r) => r.flags.includes('model_misspelt'))
        .map((r) => [r.modelRaw, r.model]);
    expect(misspelt('ice_287g_participating_2025-12-31')).toEqual([['Warrant Service Office', 'WSO']]);
    expect(misspelt('ice_287g_pending_2025-12-31')).toEqual([
      ['Warrant Services Officer', 'WSO'],
      ['Warrant Services Officer', 'WSO'],
    ]);
    const autauga = csv('ice_287g_participating_2025-10-31').rows[0]!;
    expect(autauga).toMatchObject({ modelRaw: 'Jail Enforcement Model ', model: 'JEM' });
    expect(autauga.flags).not.toContain('model_misspelt');
  });

  it('cleans names and marks what it cleaned', () => {
    const autauga = csv('ice_287g_participating_2025-10-31').rows[0]!;
    expect(autauga).toMatchObject({ agencyName: "Autauga County Sheriff's Office", agencyType: 'County' });
    expect(autauga.flags).toContain('whitespace_trimmed');
    const curly = csv('ice_287g_participating_2026-05-18').rows.filter((r) =>
      r.flags.includes('curly_apostrophe'),
    );
    expect(curly).toHaveLength(32);
    expect(curly.every((r) => !r.agencyName.includes('\u2019'))).toBe(true);
  });

  it('turns #N/A counties into null and flags them', () => {
    const row = csv('ice_287g_pending_2025-05-15').rows.find(
      (r) => r.agencyName === 'Level Plains Police Department',
    )!;
    expect(row).toMatchObject({
      county: null,
      signedRaw: null,
      signedDate: null,
      flags: ['county_not_available'],
    });
    const xlsxRow = parsed
      .get('ice_287g_pending_2025-05-15.xlsx')!
      .rows.find((r) => r.rowNumber === row.rowNumber)!;
    expect(xlsxRow).toMatchObject({ agencyName: 'Level Plains Police Department', county: null });
  });

  it('takes MOA and addendum URLs from the MOA column, MOA_URL or the hyperlink behind the cell', () => {
    expect(csv('ice_287g_participating_2021-01-13').rows[0]!.moaUrl).toMatch(
      /^https:\/\/web\.archive\.org\/web\/20210113002027\/https:\/\/www\.ice\.gov\//,
    );
    const first = (name: string) => parsed.get(name)!.rows[0]!;
    const expected = 'https://www.ice.gov/doclib/287gMOA/287gJEM_%20etowahCoAL_06-09-2020.pdf';
    expect(first('ice_287g_participating_2025-02-21.csv').moaUrl).toBe(expected);
    expect(first('ice_287g_participating_2025-02-21.xlsx').moaUrl).toBe(expected);
    // `link pending` is not a URL.
    expect(first('ice_287g_participating_2025-05-16.csv').moaUrl).toBeNull();
    const withAddendum = csv('ice_287g_participating_2026-05-18').rows.filter((r) => r.addendumUrl !== null);
    expect(withAddendum.length).toBeGreaterThan(40);
    expect(withAddendum.every((r) => /^https?:\/\//.test(r.addendumUrl!))).toBe(true);
    const all = NAMES.flatMap((n) => csv(n).rows);
    expect(all.some((r) => r.moaUrl?.includes('&amp;'))).toBe(false);
  });

  it('gives pending rows no signed date and no signed flags', () => {
    for (const name of NAMES.filter((n) => n.includes('pending'))) {
      for (const row of csv(name).rows) {
        expect(row.signedRaw).toBeNull();
        expect(row.flags).not.toContain('signed_date_missing');
      }
    }
  });

  it('takes the snapshot date and list kind from options over the file name', async () => {
    const value = await readOk(path.join(DATA, 'ice_287g_pending_2026-02-27.csv'), {
      snapshotDate: '2026-03-01',
      list: 'participating',
    });
    expect(value).toMatchObject({ snapshotDate: '2026-03-01', list: 'participating' });
    expect(value.rows.every((r) => r.flags.includes('signed_date_missing'))).toBe(true);
  });
});

describe('bad input', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delegate-list-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const HEADER = 'STATE,LAW ENFORCEMENT AGENCY,TYPE,SUPPORT TYPE,SIGNED,MOA';
  const GOOD = "TEXAS,Rusk County Sheriff's Office,County,Warrant Service Officer,3/5/25,link";

  function write(name: string, content: string | Buffer): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  }

  async function problemOf(file: string, opts?: Parameters<typeof readListFile>[1]) {
    const result = await readListFile(file, opts);
    if (result.ok) throw new Error(`expected a problem for ${file}`);
    expect(result.problem.file).toBe(path.basename(file));
    expect(formatListFileProblem(result.problem)).toMatch(new RegExp(`^${path.basename(file)}:`));
    return result.problem;
  }

  it('reads a well-formed synthetic file (control case)', async () => {
    const value = await readOk(
      write('ice_287g_participating_2025-03-05.csv', `\uFEFF${HEADER}\n\n${GOOD}\n`),
    );
    expect(value.columns).toEqual([
      'STATE',
      'LAW ENFORCEMENT AGENCY',
      'TYPE',
      'SUPPORT TYPE',
      'SIGNED',
      'MOA',
    ]);
    expect(value.rows).toEqual([
      {
        rowNumber: 3,
        state: 'TEXAS',
        agencyName: "Rusk County Sheriff's Office",
        agencyType: 'County',
        county: null,
        model: 'WSO',
        modelRaw: 'Warrant Service Officer',
        signedRaw: '3/5/25',
        signedDate: '2025-03-05',
        moaUrl: null,
        addendumUrl: null,
        flags: [],
      },
    ]);
  });

  it('missing file', async () => {
    expect((await problemOf(path.join(dir, 'ice_287g_participating_2025-01-01.csv'))).message).toBe(
      'file not found',
    );
  });

  it('empty file', async () => {
    const p = await problemOf(write('ice_287g_participating_2025-01-02.csv', ''));
    expect(p.message).toBe('file is empty');
  });

  it('file larger than maxBytes, refused before reading', async () => {
    const file = write('ice_287g_participating_2025-01-03.csv', `${HEADER}\n${GOOD}\n`);
    const p = await problemOf(file, { maxBytes: 10 });
    expect(p.message).toMatch(/larger than the limit of 10 bytes/);
  });

  it('a text file renamed .xlsx', async () => {
    const p = await problemOf(write('ice_287g_participating_2025-01-04.xlsx', `${HEADER}\n${GOOD}\n`));
    expect(p.message).toMatch(/^not a readable \.xlsx workbook/);
  });

  it('unknown extension', async () => {
    const p = await problemOf(write('ice_287g_participating_2025-01-05.txt', `${HEADER}\n`));
    expect(p.message).toMatch(/unknown file extension '\.txt'/);
  });

  it('missing required column', async () => {
    const file = write(
      'ice_287g_participating_2025-01-06.csv',
      'STATE,LAW ENFORCEMENT AGENCY,SIGNED\nTEXAS,X,1/1/25\n',
    );
    const p = await problemOf(file);
    expect(p).toMatchObject({ row: 1, message: 'missing required column SUPPORT TYPE' });
    const none = await problemOf(write('ice_287g_participating_2025-01-07.csv', 'a,b\n1,2\n'));
    expect(none.message).toMatch(/STATE, LAW ENFORCEMENT AGENCY, SUPPORT TYPE/);
  });

  it('unknown model names the row, the column and the value', async () => {
    const file = write(
      'ice_287g_participating_2025-01-08.csv',
      `${HEADER}\n${GOOD}\nTEXAS,X PD,Municipality,Jail Model,1/1/25,\n`,
    );
    const p = await problemOf(file);
    expect(p).toMatchObject({ row: 3, column: 'SUPPORT TYPE' });
    expect(p.message).toMatch(/unknown model 'Jail Model'/);
    expect(formatListFileProblem(p)).toMatch(/^ice_287g_participating_2025-01-08\.csv:3:SUPPORT TYPE: /);
  });

  it('empty state or agency name', async () => {
    const noState = write(
      'ice_287g_participating_2025-01-09.csv',
      `${HEADER}\n , X PD,,Task Force Model,,\n`,
    );
    expect(await problemOf(noState)).toMatchObject({ row: 2, column: 'STATE', message: 'STATE is empty' });
    const noAgency = write(
      'ice_287g_participating_2025-01-10.csv',
      `${HEADER}\n${GOOD}\nTEXAS,,,Task Force Model,,\n`,
    );
    expect(await problemOf(noAgency)).toMatchObject({ row: 3, column: 'LAW ENFORCEMENT AGENCY' });
  });

  it('snapshot date unknown', async () => {
    const p = await problemOf(write('participating.csv', `${HEADER}\n${GOOD}\n`));
    expect(p.message).toMatch(/pass --snapshot-date YYYY-MM-DD/);
    const ok = await readOk(path.join(dir, 'participating.csv'), { snapshotDate: '2025-03-05' });
    expect(ok).toMatchObject({ snapshotDate: '2025-03-05', list: 'participating' });
  });

  it('snapshot date option not a valid date', async () => {
    const file = write('ice_287g_participating_2025-01-11.csv', `${HEADER}\n${GOOD}\n`);
    for (const snapshotDate of ['2025-02-30', '3/5/25', '']) {
      expect((await problemOf(file, { snapshotDate })).message).toMatch(/is not a valid YYYY-MM-DD date/);
    }
  });

  it('list kind unknown', async () => {
    const file = write('ice_287g_participating_2025-01-12.csv', `${HEADER}\n${GOOD}\n`);
    const p = await problemOf(file, { list: 'active' as ListKind });
    expect(p.message).toMatch(/list kind 'active' is unknown/);
  });

  it('infers the list kind from the columns when the name has none', async () => {
    const pending = write(
      'agencies-2025-03-05.csv',
      'STATE,LAW ENFORCEMENT AGENCY,SUPPORT TYPE\nTEXAS,X PD,Task Force Model\n',
    );
    expect((await readOk(pending)).list).toBe('pending');
    const participating = write('agencies-2025-03-06.csv', `${HEADER}\n${GOOD}\n`);
    expect((await readOk(participating)).list).toBe('participating');
  });

  it('broken CSV quoting', async () => {
    const p = await problemOf(write('ice_287g_participating_2025-01-13.csv', `${HEADER}\n"TEXAS,X,County\n`));
    expect(p.message).toMatch(/^not a readable CSV file/);
  });

  it('reads a synthetic workbook: header below a title, hyperlinks, rich text, #N/A, blank rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.getCell('A1').value = '287(g) participating agencies';
    sheet.getRow(3).values = [
      'STATE',
      'LAW ENFORCEMENT AGENCY',
      'TYPE',
      'COUNTY',
      'SUPPORT TYPE',
      'SIGNED',
      'MOA',
      'ADDENDUM',
    ];
    sheet.getRow(4).values = [
      'TEXAS ',
      { richText: [{ text: 'Rusk County ' }, { text: 'Sheriff\u2019s Office' }] },
      'County ',
      { error: '#N/A' },
      'Warrant Service Office',
      new Date(Date.UTC(2025, 2, 5)),
      { text: 'link', hyperlink: 'https://www.ice.gov/doclib/287gMOA/RuskCoSOTX_WSO_MOA_030425.pdf' },
      { text: 'link', hyperlink: 'https://www.ice.gov/doclib/287gMOA/RuskAddendum.pdf' },
    ];
    sheet.getRow(6).values = [
      'TEXAS',
      'Tyler PD',
      'Municipality',
      'Smith County',
      'Task Force Model',
      '05/082025',
      'link pending',
    ];
    const file = path.join(dir, 'participatingAgencies03062025am.xlsx');
    await workbook.xlsx.writeFile(file);

    const value = await readOk(file);
    expect(value).toMatchObject({ list: 'participating', snapshotDate: '2025-03-06', format: 'xlsx' });
    expect(value.rows).toHaveLength(2);
    expect(value.rows[0]).toEqual({
      rowNumber: 4,
      state: 'TEXAS',
      agencyName: "Rusk County Sheriff's Office",
      agencyType: 'County',
      county: null,
      model: 'WSO',
      modelRaw: 'Warrant Service Office',
      signedRaw: '2025-03-05',
      signedDate: '2025-03-05',
      moaUrl: 'https://www.ice.gov/doclib/287gMOA/RuskCoSOTX_WSO_MOA_030425.pdf',
      addendumUrl: 'https://www.ice.gov/doclib/287gMOA/RuskAddendum.pdf',
      flags: ['whitespace_trimmed', 'curly_apostrophe', 'model_misspelt', 'county_not_available'],
    });
    expect(value.rows[1]).toMatchObject({
      rowNumber: 6,
      signedRaw: '05/082025',
      signedDate: null,
      moaUrl: null,
      flags: ['signed_date_malformed'],
    });

    sheet.getCell('E6').value = 'Model';
    const bad = path.join(dir, 'participatingAgencies03072025am.xlsx');
    await workbook.xlsx.writeFile(bad);
    expect(await problemOf(bad)).toMatchObject({ row: 6, column: 'SUPPORT TYPE' });
  });
});
