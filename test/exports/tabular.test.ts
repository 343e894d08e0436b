/**
 * CSV and XLSX (documents/tabular.ts): formula cells are neutralised (R26: any text starting
 * with = + - @ tab or CR comes out prefixed with '), CSV follows RFC 4180 and parses back to the
 * same cells, and an XLSX read back with exceljs holds the neutralised values.
 */

import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cell, neutralise, type Table, toCsv, toXlsx } from '../../src/documents/tabular.ts';

const HOSTILE = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x', '=HYPERLINK("http://x","y")'];

async function readXlsx(bytes: Uint8Array): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (r) => {
    rows.push((r.values as unknown[]).slice(1));
  });
  return rows;
}

describe('tabular exports', () => {
  it('refuses a row whose width differs from the header', async () => {
    const t: Table = { columns: ['a', 'b'], rows: [['x']] };
    expect(() => toCsv(t)).toThrow(/row 1 has 1 cells; the table has 2 columns/);
    await expect(toXlsx(t, { sheet: 's', at: new Date('2026-01-01T00:00:00Z') })).rejects.toThrow(/row 1/);
  });

  it.each(HOSTILE)('neutralises %j', (s) => {
    expect(neutralise(s)).toBe(`'${s}`);
  });

  it('leaves ordinary text, numbers and booleans alone', () => {
    expect(neutralise('Harris County')).toBe('Harris County');
    expect(neutralise("'=already")).toBe("'=already");
    const csv = toCsv({ columns: ['n', 'b', 'e'], rows: [[-5, true, null]] });
    expect(csv).toBe('n,b,e\r\n-5,true,\r\n');
  });

  it('quotes per RFC 4180: commas, quotes and line breaks; CRLF line ends', () => {
    const csv = toCsv({ columns: ['a', 'b'], rows: [['x,y', 'say "hi"\nthen']] });
    expect(csv).toBe('a,b\r\n"x,y","say ""hi""\nthen"\r\n');
  });

  it('property: any text cell parses back neutralised, never starting with a formula character', () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom(...HOSTILE),
      fc.string().map((s) => `=${s}`),
    );
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 3, maxLength: 3 }), { maxLength: 8 }), (rows) => {
        const csv = toCsv({ columns: ['a', 'b', 'c'], rows });
        const back = parse(csv, { relax_quotes: false, record_delimiter: '\r\n' }) as string[][];
        expect(back).toHaveLength(rows.length + 1);
        back.slice(1).forEach((r, i) => {
          r.forEach((cell, j) => {
            expect(cell).toBe(neutralise(rows[i]![j]!));
            expect(cell).not.toMatch(/^[=+\-@\t\r]/);
          });
        });
      }),
      { numRuns: 200 },
    );
  });

  it('writes an XLSX whose cells read back neutralised, typed, with the header first', async () => {
    const rows: Cell[][] = [...HOSTILE.map((s, i): Cell[] => [s, i, i % 2 === 0]), ['plain', -3, null]];
    const bytes = await toXlsx(
      { columns: ['=text', 'number', 'flag'], rows },
      { sheet: 'Conviction categories', at: new Date('2026-11-29T12:00:00Z') },
    );
    const back = await readXlsx(bytes);
    expect(back[0]).toEqual(["'=text", 'number', 'flag']);
    HOSTILE.forEach((s, i) => {
      // XML (the sheet's shared strings) reads a carriage return back as a line feed.
      expect(back[i + 1]).toEqual([`'${s}`.replace(/\r/g, '\n'), i, i % 2 === 0]);
    });
    expect(back[HOSTILE.length + 1]?.slice(0, 2)).toEqual(['plain', -3]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.name).toBe('Conviction categories');
    // No cell is a formula.
    wb.worksheets[0]!.eachRow((r) =>
      r.eachCell((c) => {
        expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
      }),
    );
  });
});
