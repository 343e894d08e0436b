/**
 * Reports as tables: CSV text (RFC 4180) and XLSX bytes, both with formula-cell neutralisation
 * (OWASP "CSV injection"; security.md R26): a text cell that starts with `=`, `+`, `-`, `@`, a
 * tab or a carriage return is prefixed with `'`, so no spreadsheet evaluates it. Numbers and
 * booleans stay typed values. Pure: the workbook's dates are passed in.
 */
import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | null;

export interface Table {
  columns: readonly string[];
  rows: ReadonlyArray<readonly Cell[]>;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** The text with a leading `'` when a spreadsheet could read it as a formula. */
export const neutralise = (s: string): string => (FORMULA_START.test(s) ? `'${s}` : s);

/** A cell as it is written: text neutralised; numbers and booleans as they are; null as empty. */
export function safeCell(c: Cell): string | number | boolean | null {
  return typeof c === 'string' ? neutralise(c) : c;
}

function csvField(c: Cell): string {
  if (c === null) return '';
  const s = String(safeCell(c));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function checkWidths(t: Table): void {
  t.rows.forEach((r, i) => {
    if (r.length !== t.columns.length)
      throw new Error(`row ${i + 1} has ${r.length} cells; the table has ${t.columns.length} columns`);
  });
}

/** RFC 4180: CRLF line ends, a header line, fields with `"`, `,`, CR or LF quoted, `"` doubled. */
export function toCsv(t: Table): string {
  checkWidths(t);
  return [t.columns, ...t.rows].map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}

export interface XlsxOptions {
  /** Sheet name (Excel allows 31 characters and none of `\ / ? * [ ] :`). */
  sheet: string;
  /** The workbook's created and modified dates. */
  at: Date;
  creator?: string;
}

const sheetName = (s: string) => s.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1';

/** One worksheet: a bold header row, then the rows; every text cell neutralised. */
export async function toXlsx(t: Table, opts: XlsxOptions): Promise<Uint8Array> {
  checkWidths(t);
  const wb = new ExcelJS.Workbook();
  wb.creator = opts.creator ?? 'Delegate';
  wb.created = opts.at;
  wb.modified = opts.at;
  const ws = wb.addWorksheet(sheetName(opts.sheet));
  ws.addRow(t.columns.map(neutralise)).font = { bold: true };
  for (const r of t.rows) ws.addRow(r.map(safeCell));
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf);
}
