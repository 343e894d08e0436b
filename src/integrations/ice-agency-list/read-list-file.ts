/**
 * Reads one of ICE's 287(g) participating or pending agency lists (.csv or .xlsx) into a ParsedList.
 * Bad input never throws: it gives a ListFileProblem naming the file and, where known, row and column.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import {
  canonicalAgencyName,
  collapseWhitespace,
  isIsoDate,
  type ListFileProblem,
  type ListKind,
  type ListRow,
  MODEL_NAMES,
  normaliseModel,
  type ParsedList,
  parseSignedDate,
  type RowFlag,
  snapshotFromFileName,
  stateName,
} from '../../domain/registry.ts';

export type ReadListResult = { ok: true; value: ParsedList } | { ok: false; problem: ListFileProblem };

export interface ReadListOptions {
  /** `YYYY-MM-DD`; overrides the date in the file name. */
  snapshotDate?: string;
  /** Overrides the kind in the file name and the kind inferred from the columns. */
  list?: ListKind;
  /** Files larger than this are refused before reading. Default 20 MB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** One cell as read from either format. `date` is set for spreadsheet date cells (`YYYY-MM-DD`). */
interface RawCell {
  text: string;
  hyperlink?: string;
  date?: string;
  error?: string;
}

interface RawRow {
  rowNumber: number;
  cells: RawCell[];
}

class ProblemError extends Error {
  readonly problem: Omit<ListFileProblem, 'file'>;
  constructor(problem: Omit<ListFileProblem, 'file'>) {
    super(problem.message);
    this.problem = problem;
  }
}

const REQUIRED = ['STATE', 'LAW ENFORCEMENT AGENCY', 'SUPPORT TYPE'] as const;
const HEADER_SEARCH_ROWS = 20;

export async function readListFile(filePath: string, opts: ReadListOptions = {}): Promise<ReadListResult> {
  const file = path.basename(filePath);
  try {
    return { ok: true, value: await read(filePath, file, opts) };
  } catch (err) {
    if (err instanceof ProblemError) return { ok: false, problem: { file, ...err.problem } };
    return { ok: false, problem: { file, message: `could not be read: ${errorMessage(err)}` } };
  }
}

async function read(filePath: string, file: string, opts: ReadListOptions): Promise<ParsedList> {
  if (opts.snapshotDate !== undefined && !isIsoDate(opts.snapshotDate)) {
    fail(`snapshot date '${opts.snapshotDate}' is not a valid YYYY-MM-DD date`);
  }
  if (opts.list !== undefined && opts.list !== 'participating' && opts.list !== 'pending') {
    fail(`list kind '${String(opts.list)}' is unknown; expected participating or pending`);
  }
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') {
    fail(`unknown file extension '${ext || '(none)'}'; expected .csv or .xlsx`);
  }

  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const stat = await fs.stat(filePath).catch((err: NodeJS.ErrnoException) => {
    fail(
      err.code === 'ENOENT' ? 'file not found' : `file cannot be accessed (${err.code ?? errorMessage(err)})`,
    );
  });
  if (!stat.isFile()) fail('not a regular file');
  if (stat.size === 0) fail('file is empty');
  if (stat.size > maxBytes) fail(`file is ${stat.size} bytes, larger than the limit of ${maxBytes} bytes`);

  const fromName = snapshotFromFileName(file);
  const snapshotDate = opts.snapshotDate ?? fromName.date;
  if (!snapshotDate) {
    fail('snapshot date unknown: the file name carries no date; pass --snapshot-date YYYY-MM-DD');
  }

  const bytes = await fs.readFile(filePath);
  const format = ext === '.csv' ? 'csv' : 'xlsx';
  const rows = format === 'csv' ? readCsv(bytes) : await readXlsx(bytes);
  return buildList(rows, { file, format, snapshotDate, list: opts.list ?? fromName.list });
}

function fail(message: string, row?: number, column?: string): never {
  throw new ProblemError({
    message,
    ...(row !== undefined && { row }),
    ...(column !== undefined && { column }),
  });
}

function errorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return collapseWhitespace(text).slice(0, 200);
}

// --- CSV -------------------------------------------------------------------------------------

function readCsv(bytes: Buffer): RawRow[] {
  let records: string[][];
  try {
    records = parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: false });
  } catch (err) {
    const record = (err as { records?: unknown }).records;
    fail(
      `not a readable CSV file: ${errorMessage(err)}`,
      typeof record === 'number' ? record + 1 : undefined,
    );
  }
  return records.map((cells, i) => ({ rowNumber: i + 1, cells: cells.map((text) => ({ text })) }));
}

// --- XLSX ------------------------------------------------------------------------------------

async function readXlsx(bytes: Buffer): Promise<RawRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (err) {
    fail(`not a readable .xlsx workbook (${errorMessage(err)})`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) fail('the workbook has no worksheet');
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: RawCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      cells[col - 1] = xlsxCell(cell.value);
    });
    rows.push({ rowNumber, cells: Array.from(cells, (c) => c ?? { text: '' }) });
  });
  return rows;
}

function xlsxCell(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return { text: '' };
  if (value instanceof Date) {
    const date = value.toISOString().slice(0, 10);
    return { text: date, date };
  }
  if (typeof value !== 'object') return { text: String(value) };
  if ('error' in value) return { text: String(value.error), error: String(value.error) };
  if ('richText' in value) return { text: value.richText.map((part) => part.text).join('') };
  if ('hyperlink' in value) {
    const inner: ExcelJS.CellValue = value.text as ExcelJS.CellValue;
    return { ...xlsxCell(inner), hyperlink: value.hyperlink };
  }
  if ('result' in value) return xlsxCell(value.result as ExcelJS.CellValue);
  return { text: '' };
}

// --- rows → ParsedList -----------------------------------------------------------------------

function headerKey(text: string): string {
  return collapseWhitespace(text).toUpperCase();
}

function isBlank(row: RawRow): boolean {
  return row.cells.every((c) => c.text.trim() === '');
}

function findHeader(rows: RawRow[]): { index: number; columns: Map<string, number> } {
  const candidates = rows.filter((r) => !isBlank(r)).slice(0, HEADER_SEARCH_ROWS);
  for (const row of candidates) {
    const columns = new Map<string, number>();
    row.cells.forEach((c, i) => {
      const key = headerKey(c.text);
      if (key !== '' && !columns.has(key)) columns.set(key, i);
    });
    if (columns.has('STATE') && columns.has('LAW ENFORCEMENT AGENCY')) {
      const missing = REQUIRED.filter((name) => !columns.has(name));
      if (missing.length > 0) fail(`missing required column ${missing.join(', ')}`, row.rowNumber);
      return { index: rows.indexOf(row), columns };
    }
  }
  const first = candidates[0];
  if (!first) fail('file has no rows');
  const found = new Set(first.cells.map((c) => headerKey(c.text)));
  const missing = REQUIRED.filter((name) => !found.has(name));
  fail(`no header row found; missing required column ${missing.join(', ')}`, first.rowNumber);
}

const STRAY_WHITESPACE = (text: string) => text !== collapseWhitespace(text);
const CURLY = /[\u2018\u2019]/;

/** An http(s) URL, or null (`link`, `link pending`, empty). The collector's CSV copies kept the
 * XML escape `&amp;` from the workbook's hyperlink targets; it is decoded to `&`. */
function urlOf(text: string | undefined): string | null {
  const trimmed = text?.trim().replaceAll('&amp;', '&') ?? '';
  return /^https?:\/\/\S/i.test(trimmed) ? trimmed : null;
}

interface BuildContext {
  file: string;
  format: 'csv' | 'xlsx';
  snapshotDate: string;
  list: ListKind | null;
}

function buildList(rows: RawRow[], ctx: BuildContext): ParsedList {
  const { index, columns } = findHeader(rows);
  const header = rows[index]!;
  const list: ListKind = ctx.list ?? (columns.has('SIGNED') ? 'participating' : 'pending');
  const out: ListRow[] = [];
  for (const row of rows.slice(index + 1)) {
    if (!isBlank(row)) out.push(buildRow(row, columns, list));
  }
  return {
    list,
    snapshotDate: ctx.snapshotDate,
    sourceFile: ctx.file,
    format: ctx.format,
    columns: header.cells.map((c) => c.text.trim()).filter((name) => name !== ''),
    rows: out,
  };
}

function buildRow(row: RawRow, columns: Map<string, number>, list: ListKind): ListRow {
  const cell = (name: string): RawCell | undefined => {
    const i = columns.get(name);
    return i === undefined ? undefined : (row.cells[i] ?? { text: '' });
  };
  const text = (name: string): string => collapseWhitespace(cell(name)?.text ?? '');
  const flags = new Set<RowFlag>();
  if (row.cells.some((c) => STRAY_WHITESPACE(c.text))) flags.add('whitespace_trimmed');
  if (row.cells.some((c) => CURLY.test(c.text))) flags.add('curly_apostrophe');

  const state = stateName(text('STATE'));
  if (state === '') fail('STATE is empty', row.rowNumber, 'STATE');
  const agencyName = canonicalAgencyName(text('LAW ENFORCEMENT AGENCY'));
  if (agencyName === '') fail('LAW ENFORCEMENT AGENCY is empty', row.rowNumber, 'LAW ENFORCEMENT AGENCY');

  const modelRaw = cell('SUPPORT TYPE')?.text ?? '';
  const model = normaliseModel(modelRaw);
  if (!model) {
    const expected = Object.values(MODEL_NAMES).join(', ');
    fail(`unknown model '${modelRaw.trim()}'; expected one of ${expected}`, row.rowNumber, 'SUPPORT TYPE');
  }
  if (model.misspelt) flags.add('model_misspelt');

  const countyCell = cell('COUNTY');
  let county: string | null = countyCell ? canonicalAgencyName(countyCell.text) || null : null;
  if (countyCell?.error === '#N/A' || county === '#N/A') {
    county = null;
    flags.add('county_not_available');
  }

  const signedRaw = text('SIGNED') || null;
  let signedDate = signedRaw === null ? null : parseSignedDate(signedRaw);
  const signedIso = text('SIGNED_ISO');
  if (signedRaw === null) {
    if (list === 'participating') flags.add('signed_date_missing');
  } else if (signedDate === null || (signedIso !== '' && signedIso !== signedDate)) {
    // SIGNED_ISO (added by the collector from the Excel serial) disagreeing with the displayed
    // date means the cell is ambiguous, e.g. `7/7/25` displayed for a serial in year 5025.
    signedDate = null;
    flags.add('signed_date_malformed');
  }

  return {
    rowNumber: row.rowNumber,
    state,
    agencyName,
    agencyType: canonicalAgencyName(text('TYPE')) || null,
    county,
    model: model.model,
    modelRaw,
    signedRaw,
    signedDate,
    moaUrl: urlOf(cell('MOA_URL')?.text) ?? urlOf(cell('MOA')?.hyperlink) ?? urlOf(cell('MOA')?.text),
    addendumUrl:
      urlOf(cell('ADDENDUM_URL')?.text) ??
      urlOf(cell('ADDENDUM')?.hyperlink) ??
      urlOf(cell('ADDENDUM')?.text),
    flags: [...flags],
  };
}
