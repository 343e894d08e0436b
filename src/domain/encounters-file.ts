/**
 * The historical encounters file of issue 8 (legacy systems and research files): its header,
 * and the check of one row. Pure: the reader streams records in and gets a row or a problem
 * naming the line and the field.
 */
import { isIsoDate } from './clock.ts';
import type { Model } from './registry.ts';
import type { Conviction } from './statistics.ts';

export const ENCOUNTER_COLUMNS = [
  'encounter_id',
  'agency',
  'state',
  'model',
  'encounter_date',
  'subject_id',
  'convictions',
  'pending_charges',
  'detainer_issued',
  'removal_proceedings',
] as const;

export type EncounterColumn = (typeof ENCOUNTER_COLUMNS)[number];

/** USPS codes of the states, the District of Columbia and the territories. */
export const US_STATE_CODES: ReadonlySet<string> = new Set(
  (
    'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY ' +
    'NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP'
  ).split(' '),
);

const MODEL_CODES: readonly Model[] = ['JEM', 'WSO', 'TFM'];
const NCIC = /^\d{4}$/;
const ID = /^[\x21-\x7e]{1,100}$/;

export interface EncounterRow {
  encounterId: string;
  agency: string;
  state: string;
  model: Model;
  encounterDate: string;
  subjectId: string;
  convictions: Conviction[];
  pendingCharges: string[];
  detainerIssued: boolean;
  removalProceedings: boolean;
}

export interface EncounterFileProblem {
  /** 1-based line of the file. */
  line: number;
  field: EncounterColumn | 'header' | 'row';
  message: string;
}

export type RowCheck = { ok: true; row: EncounterRow } | { ok: false; problem: EncounterFileProblem };

export const formatEncounterProblem = (file: string, p: EncounterFileProblem) =>
  `${file}:${p.line}:${p.field}: ${p.message}`;

/** The header must be exactly the ten columns, in order. */
export function checkHeader(fields: readonly string[]): EncounterFileProblem | null {
  const got = fields.map((f) => f.trim());
  if (got.length === ENCOUNTER_COLUMNS.length && got.every((f, i) => f === ENCOUNTER_COLUMNS[i])) return null;
  const missing = ENCOUNTER_COLUMNS.filter((c) => !got.includes(c));
  const detail = missing.length ? `missing ${missing.join(', ')}` : 'columns out of order or extra columns';
  return {
    line: 1,
    field: 'header',
    message: `the header must be ${ENCOUNTER_COLUMNS.join(',')} (${detail}).`,
  };
}

class RowProblem extends Error {
  readonly field: EncounterColumn | 'row';
  constructor(field: EncounterColumn | 'row', message: string) {
    super(message);
    this.field = field;
  }
}

const problem = (field: EncounterColumn | 'row', message: string): never => {
  throw new RowProblem(field, message);
};

function date(field: EncounterColumn, value: string, today: string, what: string): string {
  if (!isIsoDate(value)) problem(field, `${what} "${value}" is not a date written YYYY-MM-DD.`);
  if (value > today) problem(field, `${what} ${value} is after today (${today}).`);
  return value;
}

function bool(field: EncounterColumn, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return problem(field, `"${value}" is not true or false.`);
}

const list = (value: string) => (value === '' ? [] : value.split(';').map((s) => s.trim()));

function convictions(value: string, today: string): Conviction[] {
  return list(value).map((item, i) => {
    const [code, on, ...rest] = item.split('@');
    if (code === undefined || on === undefined || rest.length > 0)
      problem('convictions', `item ${i + 1} "${item}" is not NCIC@YYYY-MM-DD.`);
    if (!NCIC.test(code!))
      problem('convictions', `item ${i + 1}: "${code}" is not a four-digit NCIC offense code.`);
    return { code: code!, date: date('convictions', on!, today, `item ${i + 1}: conviction date`) };
  });
}

function pendingCharges(value: string): string[] {
  return list(value).map((code, i) => {
    if (!NCIC.test(code))
      problem('pending_charges', `item ${i + 1}: "${code}" is not a four-digit NCIC offense code.`);
    return code;
  });
}

function text(field: EncounterColumn, value: string, max: number): string {
  if (value === '') problem(field, 'is empty.');
  if (value.length > max) problem(field, `is longer than ${max} characters.`);
  return value;
}

function stateCode(value: string): string {
  const code = value.toUpperCase();
  if (!US_STATE_CODES.has(code)) problem('state', `"${value}" is not a US state or territory code.`);
  return code;
}

function modelCode(value: string): Model {
  const code = value.toUpperCase();
  if (!(MODEL_CODES as readonly string[]).includes(code))
    problem('model', `"${value}" is not JEM, WSO or TFM.`);
  return code as Model;
}

function identifier(field: EncounterColumn, value: string): string {
  if (value === '') problem(field, 'is empty.');
  if (!ID.test(value)) problem(field, 'must be 1 to 100 printable characters without spaces.');
  return value;
}

/**
 * One data row (fields as read, `line` its line in the file). `today` bounds every date: an
 * encounter or conviction dated in the future is an error in the file.
 */
export function parseEncounterRow(fields: readonly string[], line: number, today: string): RowCheck {
  try {
    if (fields.length !== ENCOUNTER_COLUMNS.length)
      problem('row', `has ${fields.length} fields; the header has ${ENCOUNTER_COLUMNS.length}.`);
    const f = fields.map((x) => x.trim());
    const row: EncounterRow = {
      encounterId: identifier('encounter_id', f[0]!),
      agency: text('agency', f[1]!, 200),
      state: stateCode(f[2]!),
      model: modelCode(f[3]!),
      encounterDate: date('encounter_date', f[4]!, today, 'encounter date'),
      subjectId: identifier('subject_id', f[5]!),
      convictions: convictions(f[6]!, today),
      pendingCharges: pendingCharges(f[7]!),
      detainerIssued: bool('detainer_issued', f[8]!),
      removalProceedings: bool('removal_proceedings', f[9]!),
    };
    return { ok: true, row };
  } catch (error) {
    if (error instanceof RowProblem)
      return { ok: false, problem: { line, field: error.field, message: error.message } };
    throw error;
  }
}

/** The row's content as one canonical string (the same row always gives the same string). */
export const rowFingerprint = (r: EncounterRow): string =>
  JSON.stringify([
    r.encounterId,
    r.agency,
    r.state,
    r.model,
    r.encounterDate,
    r.subjectId,
    r.convictions.map((c) => `${c.code}@${c.date}`),
    r.pendingCharges,
    r.detainerIssued,
    r.removalProceedings,
  ]);
