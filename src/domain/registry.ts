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

// --- text ------------------------------------------------------------------------------------

export { isIsoDate } from './clock.ts';

/** Trims and turns every run of whitespace (spaces, tabs, CR/LF, NBSP…) into one space. */
export function collapseWhitespace(raw: string): string {
  return raw.replace(/\s+/gu, ' ').trim();
}

const CURLY_APOSTROPHES = /[\u2018\u2019\u02bc]/gu;

/** The state as ICE writes it in the STATE column: upper case, clean spaces. */
export function stateName(raw: string): string {
  return collapseWhitespace(raw).toUpperCase();
}

/** The agency name as displayed: ICE's spelling, with clean spaces and straight apostrophes. */
export function canonicalAgencyName(name: string): string {
  return collapseWhitespace(name).replace(CURLY_APOSTROPHES, "'");
}

// --- models ----------------------------------------------------------------------------------

/** Exact model names (lower case), then ICE's misspellings of them. */
type ModelMatch = { model: Model; misspelt: boolean };
const MODEL_SPELLINGS: ReadonlyMap<string, ModelMatch> = new Map<string, ModelMatch>([
  ...MODELS.map((model): [string, ModelMatch] => [
    MODEL_NAMES[model].toLowerCase(),
    { model, misspelt: false },
  ]),
  ['warrant service office', { model: 'WSO', misspelt: true }],
  ['warrant services officer', { model: 'WSO', misspelt: true }],
  ['jail enforcement', { model: 'JEM', misspelt: true }],
  ['task force', { model: 'TFM', misspelt: true }],
]);

/** The model of a SUPPORT TYPE cell, ignoring case and spacing; null if it is none of them. */
export function normaliseModel(raw: string): ModelMatch | null {
  const found = MODEL_SPELLINGS.get(collapseWhitespace(raw).toLowerCase());
  return found ? { ...found } : null;
}

// --- dates -----------------------------------------------------------------------------------

/** 287(g) was enacted in 1996; a later year than 2099 is a typo (a real ICE cell says 5025). */
const FIRST_SIGNING_YEAR = 1996;
const LAST_SIGNING_YEAR = 2099;

function calendarDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * A SIGNED cell as `YYYY-MM-DD`: from `YYYY-MM-DD`, `M/D/YY` (20YY) or `M/D/YYYY`. Null for
 * anything else, for a date not on the calendar and for a year that cannot be a signing year.
 */
export function parseSignedDate(raw: string): string | null {
  const text = raw.trim();
  let year: number;
  let month: number;
  let day: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(text);
  if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (us) {
    const y = us[3]!;
    [year, month, day] = [Number(y.length === 2 ? `20${y}` : y), Number(us[1]), Number(us[2])];
  } else {
    return null;
  }
  if (year < FIRST_SIGNING_YEAR || year > LAST_SIGNING_YEAR) return null;
  return calendarDate(year, month, day);
}

/**
 * The snapshot date and list kind carried by a file name (the directory is ignored):
 * `ice_287g_participating_2025-01-04.csv`, ICE's `participatingAgencies05162025am.xlsx`
 * (MMDDYYYY + am/pm) and the Wayback names `ParticipatingEntities-20210113002027.xlsx`
 * (YYYYMMDDhhmmss). A part that is missing, or a date not on the calendar, is null.
 */
export function snapshotFromFileName(name: string): { date: string | null; list: ListKind | null } {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const list: ListKind | null = /participating/i.test(base)
    ? 'participating'
    : /pending/i.test(base)
      ? 'pending'
      : null;
  const iso = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/.exec(base);
  const stamp = /(?<!\d)(\d{4})(\d{2})(\d{2})\d{6}(?!\d)/.exec(base);
  const ice = /(?<!\d)(\d{2})(\d{2})(\d{4})(?:am|pm)/i.exec(base);
  let date: string | null = null;
  if (iso) date = calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  else if (stamp) date = calendarDate(Number(stamp[1]), Number(stamp[2]), Number(stamp[3]));
  else if (ice) date = calendarDate(Number(ice[3]), Number(ice[1]), Number(ice[2]));
  return { date, list };
}

// --- agency identity -------------------------------------------------------------------------

/**
 * Rewrites applied in order to a lower-case, accent-free name to get its key. Each undoes one
 * kind of drift seen between ICE's snapshots; none of them may merge two distinct agencies.
 */
const KEY_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // A note, not part of the name: "Monmouth County Sheriff's Office (Addendum)".
  [/\(addendum\)/g, ' '],
  // Punctuation: & is "and"; apostrophes go (sheriff's = sheriffs); hyphens, dots, commas,
  // slashes and brackets separate words (Miami-Dade = Miami Dade, Pct.1 = Pct 1).
  [/&/g, ' and '],
  [/['`\u2018\u2019\u02bc]/g, ''],
  [/[^a-z0-9]+/g, ' '],
  // Abbreviations.
  [/\bst\b/g, 'saint'],
  [/\bft\b/g, 'fort'],
  [/\btwp\b/g, 'township'],
  [/\bco\b/g, 'county'],
  [/\bdept\b/g, 'department'],
  [/\bofc\b/g, 'office'],
  [/\bpct\b/g, 'precinct'],
  [/\bpd\b/g, 'police department'],
  // "SO" only as the last word: "Rusk Co SO". "So Middleton" is a place, left alone.
  [/\bso$/g, 'sheriffs office'],
  // ICE's typos.
  [/\bdepartent\b/g, 'department'],
  [/\boffic\b/g, 'office'],
  [/\bconstbales\b/g, 'constables'],
  [/\bconstabless\b/g, 'constables'],
  [/\bcountys\b/g, 'county'],
  // One office, several spellings: a sheriff's department is the sheriff's office; a constable
  // is the constable's office; the state police department is the state police.
  [/\bsheriffs? (?:office|department)\b/g, 'sheriffs office'],
  [/\bconstables? office\b/g, 'constable'],
  [/\bconstables\b/g, 'constable'],
  [/\bstate police department\b/g, 'state police'],
  // "City of Melbourne Police Department" = "Melbourne Police Department".
  [/^(?:city|town) of /g, ''],
];

/** Words after the state name that make it part of a place: Kansas City, Utah County. */
const PLACE_WORDS =
  'city|county|parish|borough|township|town|village|beach|falls|springs|rapids|dells|heights|park|ridge|valley|lake';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Drops the state's own name where ICE sometimes puts it before an agency ("Alaska Department
 * of Corrections", "State of Alaska Department of Corrections"), but not from a place that
 * starts with it ("Kansas City", "Utah County"). Runs after KEY_RULES, so "Utah Co" is a county. */
function withoutStatePrefix(name: string, state: string): string {
  if (state === '') return name;
  const s = escapeRegExp(state);
  return name
    .replace(new RegExp(`^state of ${s} `), '')
    .replace(new RegExp(`^${s} (?!(?:${PLACE_WORDS})\\b)`), '');
}

function keyWords(text: string): string {
  return collapseWhitespace(text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
}

/**
 * The identity of an agency across snapshots: `<state>|<name>`, lower case, with the spelling
 * drift in ICE's lists (abbreviations, typos, punctuation, the state's own name) taken out.
 */
export function agencyKey(state: string, name: string): string {
  const st = keyWords(state);
  // The state as a suffix ("Department of Corrections, Alaska") only counts after a comma, so
  // it is dropped before punctuation goes; "University of Alaska" keeps its state.
  let key = keyWords(name).replace(new RegExp(`, ?${escapeRegExp(st)}$`), '');
  for (const [pattern, replacement] of KEY_RULES) key = collapseWhitespace(key.replace(pattern, replacement));
  return `${st}|${withoutStatePrefix(key, st.replace(/[^a-z0-9]+/g, ' ').trim())}`;
}

// --- problems --------------------------------------------------------------------------------

/** `file:row:column: message`, leaving out the parts that are not known. */
export function formatListFileProblem(p: ListFileProblem): string {
  const where = [p.file, p.row, p.column].filter((part) => part !== undefined && part !== '');
  return `${where.join(':')}: ${p.message}`;
}
