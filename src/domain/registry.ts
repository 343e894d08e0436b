/**
 * The 287(g) agreements registry: the vocabulary of ICE's published lists of participating
 * and pending agencies, and the pure rules that turn their rows into agencies, agreements and
 * change events. No I/O here; files are read in integrations/ice-agency-list.
 */

export const MODELS = ['JEM', 'WSO', 'TFM'] as const;
export type Model = (typeof MODELS)[number];

export const MODEL_NAMES: Record<Model, string> = {
  JEM: 'Jail Enforcement Model',
  WSO: 'Warrant Service Officer',
  TFM: 'Task Force Model',
};

export type ListKind = 'participating' | 'pending';

/** Why a row was accepted but marked: the raw value is kept, nothing is silently guessed. */
export type RowFlag =
  | 'signed_date_malformed'
  | 'signed_date_missing'
  | 'county_not_available'
  | 'model_misspelt'
  | 'whitespace_trimmed'
  | 'curly_apostrophe';

/** One row of an ICE list, normalised. `rowNumber` is the 1-based row in the source (header = 1). */
export interface ListRow {
  rowNumber: number;
  state: string;
  agencyName: string;
  agencyType: string | null;
  county: string | null;
  model: Model;
  modelRaw: string;
  signedRaw: string | null;
  signedDate: string | null;
  moaUrl: string | null;
  addendumUrl: string | null;
  flags: RowFlag[];
}

export interface ParsedList {
  list: ListKind;
  snapshotDate: string;
  sourceFile: string;
  format: 'csv' | 'xlsx';
  columns: string[];
  rows: ListRow[];
}

/** Where a bad file is bad. Rendered as `file:row:column: message`. */
export interface ListFileProblem {
  file: string;
  row?: number;
  column?: string;
  message: string;
}
