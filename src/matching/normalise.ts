/**
 * Normalisation: raw text in, comparable keys out. Everything that makes two spellings of
 * one person look alike happens here, once per record, so comparators stay cheap:
 * accents and punctuation folding, particles and suffixes, nickname and transliteration
 * tables, compound surnames, full-name parsing, date formats and identifier formats.
 */
import { GIVEN_NAME_VARIANT_GROUPS } from './data/given-name-variants.ts';
import { NICKNAME_GROUPS } from './data/nicknames.ts';
import { TRANSLITERATION_GROUPS } from './data/transliterations.ts';
import type { PersonRecord } from './roles.ts';

/** A record ready for comparison. Missing values are ''; token lists may be empty. */
export interface NormalisedRecord {
  id: string;
  /** Given name(s) with spaces removed (`mary ann` = `maryann`). */
  first: string;
  /** Canonical key of the first given name: nickname → full form, transliteration → one spelling. */
  firstKey: string;
  middle: string;
  /** Family name(s) without particles, spaces removed (`de la Cruz` → `cruz`). */
  last: string;
  /** Each family-name token, for compound surnames (`garcia lopez` ~ `lopez`). */
  lastTokens: string[];
  /** Canonical key of each family-name token. */
  lastKeys: string[];
  /** Tokens of `full_name`, when supplied beside the split names, that those names lack. */
  fullTokens: string[];
  /** Date of birth as YYYYMMDD (digits as given when the input was already 8 digits). */
  dob: string;
  sex: string;
  street: string;
  city: string;
  postcode: string;
  state: string;
  country: string;
  aNumber: string;
  fbi: string;
  ssn: string;
  phone: string;
}

const SPECIAL: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  þ: 'th',
  ı: 'i',
};

/** Lower case, accents stripped, punctuation to spaces (apostrophes vanish: O'Brien = obrien). */
export function fold(raw: string | undefined): string {
  if (!raw) return '';
  return memo(foldCache, raw, () => foldText(raw));
}

function foldText(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđþı]/g, (c) => SPECIAL[c] ?? c)
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The empty token list, shared (token lists are memoised and never mutated). */
const NONE: string[] = [];

/** Name particles, titles and generational suffixes, dropped unless nothing else is left. */
/** Titles, honours and generational suffixes: never a name. */
const TITLES = new Set(
  [
    'jr sr ii iii iv 1st 2nd 3rd 4th bt bart kb kbe kcb kcmg kcvo gcb gcmg gcvo obe cbe mbe frs qc kc mp dso',
    'mr mrs ms miss mme mlle dr prof rev revd reverend sir dame lord lady baron baroness baronet duke duchess earl viscount marquess',
    'hon honourable honorable rt right very lt lieut lieutenant col colonel capt captain sgt cmdr commander admiral',
  ]
    .join(' ')
    .split(' '),
);
/** Name particles (and titles), dropped unless nothing else is left: alone, `Al` or `Di` is a name. */
const DROPPABLE = new Set([
  ...'de del della der den di da das do dos du la las los le van von ten ter bin ibn al el st y e of the and'.split(
    ' ',
  ),
  ...TITLES,
]);

/** Tokens of a name with particles, titles and suffixes removed (kept if they are all there is). */
export function nameTokens(raw: string | undefined): string[] {
  if (!raw) return NONE;
  return memo(tokenCache, raw, () => {
    const tokens = fold(raw).split(' ').filter(Boolean);
    const kept = tokens.filter((t) => !DROPPABLE.has(t) && !/^\d/.test(t));
    return kept.length ? kept : tokens;
  });
}

/**
 * Names repeat (a million records hold a few hundred thousand distinct names), so folding
 * and keys are memoised; a cache that outgrows its bound starts over rather than grow.
 */
const foldCache = new Map<string, string>();
const tokenCache = new Map<string, string[]>();
const keyCache = new Map<string, string>();
const soundCache = new Map<string, string>();
/** A million records hold a few hundred thousand distinct raw names: the caches must hold them all. */
const MEMO_LIMIT = 600_000;
function memo<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    if (cache.size >= MEMO_LIMIT) cache.clear();
    v = compute();
    cache.set(key, v);
  }
  return v;
}

function groupTable(groups: readonly string[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const line of groups) {
    const names = line.split(' ');
    for (const n of names) if (!table.has(n)) table.set(n, names[0]!);
  }
  return table;
}
const NICKNAMES = groupTable(NICKNAME_GROUPS);

/** Every group (nickname or variant table) each given name sits in, by group number. */
const GIVEN_GROUPS = (() => {
  const table = new Map<string, number[]>();
  [...NICKNAME_GROUPS, ...GIVEN_NAME_VARIANT_GROUPS].forEach((line, g) => {
    for (const n of line.split(' ')) {
      const list = table.get(n);
      if (!list) table.set(n, [g]);
      else if (!list.includes(g)) list.push(g);
    }
  });
  return table;
})();

/** Whether a given name is in the nickname or variant tables. */
export const isListedGivenName = (name: string): boolean => GIVEN_GROUPS.has(name);

/** Two given names that are forms of one name: they share a nickname or variant group. */
export function givenNameAliases(a: string, b: string): boolean {
  const x = GIVEN_GROUPS.get(a);
  if (!x) return false;
  const y = GIVEN_GROUPS.get(b);
  if (!y) return false;
  for (const g of x) if (y.includes(g)) return true;
  return false;
}
const TRANSLITERATIONS = groupTable(TRANSLITERATION_GROUPS);

/**
 * Regular spelling variation folded to one skeleton: ph/f, c/k, z/s, y/i, w/v, kh/k, doubled
 * letters, a silent final h or e. Coarse on purpose: it feeds blocking and the "alias" level,
 * whose weight is learned, so a false alias costs little.
 */
export function skeleton(token: string): string {
  return token
    .replace(/ph/g, 'f')
    .replace(/sch/g, 'sh')
    .replace(/([kgtd])h/g, '$1')
    .replace(/c([eiy])/g, 's$1')
    .replace(/ck|c|q/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/z/g, 's')
    .replace(/y/g, 'i')
    .replace(/w/g, 'v')
    .replace(/ou|oo/g, 'u')
    .replace(/ee/g, 'i')
    .replace(/(.)\1+/g, '$1')
    .replace(/(.)[he]$/, '$1');
}

/** The canonical key of one name token: table form if listed, then its skeleton. */
export function nameKey(token: string): string {
  if (!token) return '';
  return memo(keyCache, token, () => {
    const listed = NICKNAMES.get(token) ?? TRANSLITERATIONS.get(token) ?? token;
    return skeleton(TRANSLITERATIONS.get(listed) ?? listed);
  });
}

/**
 * A coarse sound key of one name token: its skeleton with the vowels after the first letter
 * dropped (`kerr`, `carr` → `kr`; `fergusin`, `ferguson` → `frgsn`). Vowels are where most
 * misspellings and transliterations of a name differ, so this key puts them in one block
 * that the exact key splits; it is for blocking only, too coarse to be evidence itself.
 */
export function soundKey(token: string): string {
  if (!token) return '';
  return memo(soundCache, token, () => {
    const k = nameKey(token);
    return (
      k.slice(0, 1) +
      k
        .slice(1)
        .replace(/[aeiouh]/g, '')
        .replace(/(.)\1+/g, '$1')
    );
  });
}
/**
 * A date of birth as YYYYMMDD from ISO (`1990-03-07`, with or without time), `YYYYMMDD`,
 * `MM/DD/YYYY` or `YYYY/MM/DD`; '' when it is none of those. Eight digits are kept as given,
 * even if not a valid date: a typo in one digit is still evidence.
 */
export function normaliseDate(raw: string | undefined): string {
  const s = (raw ?? '').trim();
  if (!s) return '';
  if (/^\d{8}$/.test(s)) return s;
  const pad = (n: string) => n.padStart(2, '0');
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$/.exec(s);
  if (m) return valid(m[1]!, pad(m[2]!), pad(m[3]!));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return valid(m[3]!, pad(m[1]!), pad(m[2]!));
  return '';
}

function valid(y: string, mo: string, d: string): string {
  const month = Number(mo);
  const day = Number(d);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? `${y}${mo}${d}` : '';
}

function normaliseSex(raw: string | undefined): string {
  const s = fold(raw);
  if (s === 'm' || s === 'male' || s === 'man' || s === '1') return 'm';
  if (s === 'f' || s === 'female' || s === 'woman' || s === '2') return 'f';
  return '';
}

/** Identifiers: letters and digits only, upper case; A-numbers lose the A and pad to nine digits. */
const alnum = (raw: string | undefined) => (raw ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
const digits = (raw: string | undefined) => (raw ?? '').replace(/\D/g, '');
function normaliseANumber(raw: string | undefined): string {
  const d = digits(raw);
  return d ? d.padStart(9, '0') : '';
}
/** All-same-digit values (000000000, 999-99-9999) are placeholders, not identifiers. */
const unlessPlaceholder = (d: string) => (/^(\d)\1*$/.test(d) ? '' : d);

/**
 * A name's tokens, or none when all it holds is titles or ordinals (`Sir`, `Mrs.`, `1st`): a
 * title typed in the given-name field is no given name. `nameTokens` keeps droppable tokens
 * only when nothing else is left, so the first token tells whether to look further.
 */
export function properTokens(raw: string | undefined): string[] {
  const t = nameTokens(raw);
  if (t.length === 0 || !(DROPPABLE.has(t[0]!) || /^\d/.test(t[0]!))) return t;
  // Only droppable tokens: no name if they are all titles or ordinals, else the particles are the name.
  return t.every((x) => TITLES.has(x) || /^\d/.test(x)) ? NONE : t;
}

/**
 * Split a full name into given, middle and family parts: `Last, First Middle` or
 * `First … Last`. A comma followed only by titles (`Charles Perceval, 9th Earl`) is no
 * `Last, First` comma.
 */
function splitFullName(raw: string): { first: string[]; middle: string[]; last: string[] } {
  const comma = raw.indexOf(',');
  const rest = comma > 0 ? properTokens(raw.slice(comma + 1)) : NONE;
  if (comma > 0 && rest.length) {
    const last = properTokens(raw.slice(0, comma));
    return { first: rest.slice(0, 1), middle: rest.slice(1), last };
  }
  // Titles alone (`Sir Baronet`) are no name.
  const t = properTokens(comma > 0 ? raw.slice(0, comma) : raw);
  if (t.length < 2) return { first: t, middle: [], last: [] };
  // Between the given name and the final token sits a middle name or the first half of a
  // compound surname: both go to the family-name tokens, so `garcia lopez` ~ `lopez` holds.
  return { first: t.slice(0, 1), middle: t.slice(1, -1), last: t.slice(1) };
}

/** Keys of a (memoised, shared) token list, shared in turn: a million records hold few distinct lists. */
const keyLists = new WeakMap<string[], string[]>();
function keysOf(tokens: string[]): string[] {
  let keys = keyLists.get(tokens);
  if (!keys) {
    keys = tokens.map(nameKey);
    keyLists.set(tokens, keys);
  }
  return keys;
}
export function normaliseRecord(r: PersonRecord): NormalisedRecord {
  let first = properTokens(r.first_name);
  let middle = nameTokens(r.middle_name);
  let last = properTokens(r.last_name);
  let fullTokens = NONE;
  if (r.full_name) {
    if (first.length === 0 && last.length === 0) ({ first, middle, last } = splitFullName(r.full_name));
    else {
      // A split name left empty (or holding only a title) is read from the full name.
      if (first.length === 0 || last.length === 0) {
        const split = splitFullName(r.full_name);
        const fresh = (tokens: string[], held: string[]) =>
          tokens.length > 0 && !tokens.every((t) => held.includes(t));
        if (first.length === 0 && fresh(split.first, last)) first = split.first;
        else if (last.length === 0 && fresh(split.last, first)) last = split.last;
      }
      // Only the tokens the split names lack (middle names, other surnames): the given and
      // family names are compared already, and counting them twice would overstate agreement.
      fullTokens = nameTokens(r.full_name).filter((t) => !first.includes(t) && !last.includes(t));
    }
  }
  // Given names written as initials (`J. R.`) are compared by the first initial.
  if (first.length > 1 && first.every((t) => t.length === 1)) first = first.slice(0, 1);
  return {
    id: r.id,
    first: first.join(''),
    firstKey: nameKey(first[0] ?? ''),
    middle: middle.join(''),
    last: last.join(''),
    lastTokens: last,
    lastKeys: keysOf(last),
    fullTokens,
    dob: normaliseDate(r.dob),
    sex: normaliseSex(r.sex),
    street: fold(r.street),
    city: fold(r.city),
    postcode: alnum(r.postcode),
    state: fold(r.state),
    country: fold(r.country_of_birth),
    aNumber: unlessPlaceholder(normaliseANumber(r.a_number)),
    fbi: alnum(r.fbi_number),
    ssn: unlessPlaceholder(digits(r.ssn)),
    phone: unlessPlaceholder(digits(r.phone)),
  };
}
