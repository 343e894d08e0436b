/**
 * Comparators: each turns a pair of normalised records into a level, 0 the strongest
 * agreement and the last one disagreement, or -1 when either side is missing (no evidence
 * either way). The levels' weights are learned (fellegi-sunter.ts), never set by hand.
 */
import { givenNameAliases, isListedGivenName, type NormalisedRecord } from './normalise.ts';
import type { Role } from './roles.ts';
import { damerauLevenshtein, jaroWinkler } from './strings.ts';

export const NULL_LEVEL = -1;

export interface Comparison {
  name: string;
  /** The input roles it reads: the comparison is used when any of them has data. */
  roles: readonly Role[];
  /** Labels of the levels, strongest first; the last is disagreement. */
  levels: readonly string[];
  /** `swapped`: the pair's given and family names agree crosswise, so compare them that way. */
  compare(a: NormalisedRecord, b: NormalisedRecord, swapped: boolean): number;
  /** For term-frequency adjustment of exact agreement: the value whose rarity matters. */
  tfValue?: (r: NormalisedRecord) => string;
}

const close = (a: string, b: string) => a === b || jaroWinkler(a, b) >= 0.92;

/**
 * Given and family names written the other way round: each side's given name is close to the
 * other's family name, and the straight reading is not already close.
 */
export function namesSwapped(a: NormalisedRecord, b: NormalisedRecord): boolean {
  if (!a.first || !a.last || !b.first || !b.last) return false;
  if (a.first === b.first || a.firstKey === b.firstKey) return false;
  return (
    (close(a.first, b.last) || givenNameAliases(a.first, b.last)) &&
    (close(a.last, b.first) || givenNameAliases(a.last, b.first))
  );
}

/** A record carrying one name only, given or family, with the other missing. */
const loneName = (r: NormalisedRecord) => (r.first ? !r.last : !!r.last);

/** `r` with its one name moved to the other slot (given ↔ family). */
function moved(r: NormalisedRecord): NormalisedRecord {
  return r.first
    ? { ...r, first: '', firstKey: '', last: r.first, lastTokens: [r.first], lastKeys: [r.firstKey] }
    : { ...r, first: r.last, firstKey: r.lastKeys[0] ?? '', last: '', lastTokens: [], lastKeys: [] };
}

/**
 * A pair with its names lined up. A record with one name only often has it in the wrong
 * slot (a family name typed as the given name when nothing else was known): if that name
 * is closer to the other record's name in the other slot, it is compared there, so the pair
 * reads "family names agree, given name missing" rather than "given names differ". Only the
 * lone-named record changes; the same alignment is used for training, scoring and the
 * explanation.
 */
export function alignNames(a: NormalisedRecord, b: NormalisedRecord): [NormalisedRecord, NormalisedRecord] {
  const loneA = loneName(a);
  if (!mayNeedAlignment(a, b)) return [a, b];
  const [x, y] = loneA ? [a, b] : [b, a];
  if (!y.first || !y.last) return [a, b];
  const name = x.first || x.last;
  const key = x.firstKey || (x.lastKeys[0] ?? '');
  const here = x.first ? y.first : y.last;
  const there = x.first ? y.last : y.first;
  const thereKeys = x.first ? y.lastKeys : [y.firstKey];
  if (name === here || key === (x.first ? y.firstKey : y.lastKeys[0])) return [a, b];
  const better =
    thereKeys.includes(key) || jaroWinkler(name, there) > Math.max(0.85, jaroWinkler(name, here));
  if (!better) return [a, b];
  return loneA ? [moved(a), b] : [a, moved(b)];
}

/** Whether `alignNames` could change the pair: one record, not both, has one name only. */
export const mayNeedAlignment = (a: NormalisedRecord, b: NormalisedRecord): boolean =>
  loneName(a) !== loneName(b);

/** One given name is a lone initial of the other. */
const initialOf = (a: string, b: string) =>
  (a.length === 1 && b.charCodeAt(0) === a.charCodeAt(0)) ||
  (b.length === 1 && a.charCodeAt(0) === b.charCodeAt(0));

/**
 * The stem of a diminutive: a pet-name ending (-ie, -y, -i, -ey, -ee, -o) and the doubled
 * consonant before it dropped (`benny` → `ben`, `rickie` → `rick`, `algie` → `alg`).
 */
export function diminutiveStem(name: string): string {
  const n = name.length;
  const last = name.charCodeAt(n - 1);
  // 'y' 'i' 'o', and 'e' after 'i' or 'e' (-ie, -ee) or 'y' before it (-ey).
  let cut = 0;
  if (last === 121 /* y */) cut = n > 2 && name.charCodeAt(n - 2) === 101 /* e */ ? 2 : 1;
  else if (last === 105 /* i */ || last === 111 /* o */) cut = 1;
  else if (last === 101 /* e */) {
    const before = name.charCodeAt(n - 2);
    if (before === 105 || before === 101) cut = 2;
  }
  if (cut === 0 || n - cut < 2) return name;
  const end = n - cut;
  return end > 2 && name.charCodeAt(end - 1) === name.charCodeAt(end - 2)
    ? name.slice(0, end - 1)
    : name.slice(0, end);
}

/**
 * One given name a short form of the other: the shorter one's stem (pet-name ending
 * removed), at least three letters, begins the longer one (`rick` ~ `richard` via `ric`,
 * `algie` ~ `algernon`, `benny` ~ `benjamin`). Short forms the nickname table does not list
 * (or whose full form is misspelt) mostly take this shape.
 */
export function shortFormOf(a: string, b: string): boolean {
  return shortens(a, b) || shortens(b, a);
}

/** `s` (its stem) begins `l`, or `s` ends it. */
function shortens(s: string, l: string): boolean {
  // Cheap rejection first: neither the first three letters nor the ending can agree.
  if (s.length < 3 || (s.charCodeAt(0) !== l.charCodeAt(0) && !l.endsWith(s))) return false;
  const stem = diminutiveStem(s);
  if (stem.length < 3 || l.length <= stem.length) return false;
  let prefix = true;
  for (let i = 0; i < 3 && prefix; i++) prefix = stem.charCodeAt(i) === l.charCodeAt(i);
  // Or the end of the long name (`bert` ~ `herbert`, `win` ~ `edwin`).
  return prefix || (s === stem && l.endsWith(s));
}

/** The first-name level of two given names and their canonical keys (neither empty). */
function givenLevel(a: string, aKey: string, b: string, bKey: string): number {
  if (a === b) return 0;
  if (aKey === bKey || givenNameAliases(a, b)) return 1;
  if (initialOf(a, b)) return 5;
  const jw = jaroWinkler(a, b);
  if (jw >= 0.92) return 2;
  if (jw >= 0.85) return 3;
  // A short form, or an alias of a misspelt name (`frabcis` ~ `frank` through `francis`).
  if (shortFormOf(a, b)) return 4;
  // A misspelt form of a listed name (`frabcis`, for `francis` that `frank` is listed under):
  // exactly one of the two is listed, else the tables (or their absence) have spoken.
  if (
    isListedGivenName(a) !== isListedGivenName(b) &&
    aKey.charCodeAt(0) === bKey.charCodeAt(0) &&
    jaroWinkler(aKey, bKey) >= 0.9
  )
    return 4;
  return jw >= 0.7 ? 6 : 7;
}

export const firstName: Comparison = {
  name: 'first_name',
  roles: ['first_name', 'full_name'],
  levels: [
    'exact',
    'alias (nickname or transliteration)',
    'JW ≥ 0.92',
    'JW ≥ 0.85',
    'short form, or alias of a close spelling',
    'initial',
    'JW ≥ 0.70',
    'different',
  ],
  compare(a, b, swapped) {
    const bv = swapped ? b.last : b.first;
    const bk = swapped ? (b.lastKeys[0] ?? '') : b.firstKey;
    if (!a.first || !bv) return NULL_LEVEL;
    return givenLevel(a.first, a.firstKey, bv, bk);
  },
  tfValue: (r) => r.first,
};

export const middleName: Comparison = {
  name: 'middle_name',
  roles: ['middle_name'],
  levels: ['exact', 'initial', 'JW ≥ 0.88', 'different'],
  compare(a, b) {
    if (!a.middle || !b.middle) return NULL_LEVEL;
    if (a.middle === b.middle) return 0;
    if (initialOf(a.middle, b.middle)) return 1;
    return jaroWinkler(a.middle, b.middle) >= 0.88 ? 2 : 3;
  },
};

/** Any family-name token (or its canonical key) shared: compound surnames split or shortened. */
function sharesToken(a: NormalisedRecord, tokens: string[], keys: string[]): boolean {
  if (a.lastTokens.length < 2 && tokens.length < 2) return false;
  for (let i = 0; i < a.lastTokens.length; i++) {
    for (let j = 0; j < tokens.length; j++) {
      if (a.lastTokens[i] === tokens[j] || a.lastKeys[i] === keys[j]) return true;
    }
  }
  return false;
}

export const lastName: Comparison = {
  name: 'last_name',
  roles: ['last_name', 'full_name'],
  levels: [
    'exact',
    'alias (transliteration)',
    'compound part shared',
    'JW ≥ 0.92',
    'JW ≥ 0.85',
    'JW ≥ 0.70',
    'different',
  ],
  compare(a, b, swapped) {
    const bv = swapped ? b.first : b.last;
    if (!a.last || !bv) return NULL_LEVEL;
    if (a.last === bv) return 0;
    const bTokens = swapped ? [b.first] : b.lastTokens;
    const bKeys = swapped ? [b.firstKey] : b.lastKeys;
    if (a.lastKeys.length === 1 && bKeys.length === 1 && a.lastKeys[0] === bKeys[0]) return 1;
    // A family name that the other record carries among its full name's other tokens: one
    // part of a compound surname recorded as the family name, the other as a middle name.
    if (
      sharesToken(a, bTokens, bKeys) ||
      a.fullTokens.includes(bv) ||
      (!swapped && b.fullTokens.includes(a.last))
    )
      return 2;
    const jw = jaroWinkler(a.last, bv);
    if (jw >= 0.92) return 3;
    if (jw >= 0.85) return 4;
    return jw >= 0.7 ? 5 : 6;
  },
  tfValue: (r) => r.last,
};

/** Overlap of the extra name tokens a written full name carries beyond the split names. */
export const fullName: Comparison = {
  name: 'full_name',
  roles: ['full_name'],
  levels: ['all tokens of the shorter shared', 'half the tokens shared', 'one token shared', 'none shared'],
  compare(a, b) {
    const x = a.fullTokens;
    const y = b.fullTokens;
    if (x.length === 0 || y.length === 0) return NULL_LEVEL;
    let shared = 0;
    for (const t of x) if (y.includes(t)) shared++;
    const ratio = shared / Math.min(x.length, y.length);
    if (ratio >= 1) return 0;
    if (ratio >= 0.5) return 1;
    return shared > 0 ? 2 : 3;
  },
};

/** Two YYYYMMDD strings one edit apart: one digit differs, or two adjacent digits are swapped. */
function oneEdit(x: string, y: string): boolean {
  if (x.length !== 8 || y.length !== 8) return damerauLevenshtein(x, y, 1) <= 1;
  let first = -1;
  let diffs = 0;
  for (let i = 0; i < 8; i++) {
    if (x.charCodeAt(i) === y.charCodeAt(i)) continue;
    if (++diffs > 2) return false;
    if (first < 0) first = i;
  }
  if (diffs === 1) return true;
  return x[first] === y[first + 1] && x[first + 1] === y[first] && first < 7;
}

export const dateOfBirth: Comparison = {
  name: 'dob',
  roles: ['dob'],
  levels: ['exact', 'day and month transposed', 'one edit', 'same year and month', 'same year', 'different'],
  compare(a, b) {
    const x = a.dob;
    const y = b.dob;
    if (!x || !y) return NULL_LEVEL;
    if (x === y) return 0;
    // Character by character, not by slices: this runs on every candidate pair.
    const same = (i: number, j: number) => x.charCodeAt(i) === y.charCodeAt(j);
    const sameYear = same(0, 0) && same(1, 1) && same(2, 2) && same(3, 3);
    if (sameYear && same(4, 6) && same(5, 7) && same(6, 4) && same(7, 5)) return 1;
    if (oneEdit(x, y)) return 2;
    if (sameYear) return same(4, 4) && same(5, 5) ? 3 : 4;
    return 5;
  },
  // Placeholder and year-only dates (1 January) are shared by many; agreeing on them is weak.
  tfValue: (r) => r.dob,
};

type Field = 'sex' | 'state' | 'country' | 'fbi';
type TextField = 'street' | 'city';
type NumberField = 'postcode' | 'aNumber' | 'ssn' | 'phone';

const exactOnly = (name: string, role: Role, field: Field): Comparison => ({
  name,
  roles: [role],
  levels: ['exact', 'different'],
  compare: (a, b) => (!a[field] || !b[field] ? NULL_LEVEL : a[field] === b[field] ? 0 : 1),
});

const text = (name: string, role: Role, field: TextField): Comparison => ({
  name,
  roles: [role],
  levels: ['exact', 'JW ≥ 0.92', 'JW ≥ 0.80', 'different'],
  compare(a, b) {
    const x = a[field];
    const y = b[field];
    if (!x || !y) return NULL_LEVEL;
    if (x === y) return 0;
    const jw = jaroWinkler(x, y);
    return jw >= 0.92 ? 1 : jw >= 0.8 ? 2 : 3;
  },
  tfValue: (r) => r[field],
});

/**
 * For equal-length values, the distance when it is plain: one digit wrong (1) or two
 * adjacent digits swapped (1); -1 when it needs the full Damerau–Levenshtein.
 */
function hammingOrTransposition(x: string, y: string): number {
  let first = -1;
  let diffs = 0;
  for (let i = 0; i < x.length; i++) {
    if (x.charCodeAt(i) === y.charCodeAt(i)) continue;
    if (++diffs > 2) return -1;
    if (first < 0) first = i;
  }
  if (diffs === 1) return 1;
  return x.charCodeAt(first) === y.charCodeAt(first + 1) && x.charCodeAt(first + 1) === y.charCodeAt(first)
    ? 1
    : -1;
}

/** Numeric identifiers: a typed digit wrong or two digits swapped is still strong evidence. */
const numeric = (name: string, role: Role, field: NumberField): Comparison => ({
  name,
  roles: [role],
  levels: ['exact', 'one edit', 'two edits', 'different'],
  compare(a, b) {
    const x = a[field];
    const y = b[field];
    if (!x || !y) return NULL_LEVEL;
    if (x === y) return 0;
    const d = x.length === y.length ? hammingOrTransposition(x, y) : -1;
    if (d >= 0) return d;
    const dl = damerauLevenshtein(x, y, 2);
    return dl <= 2 ? dl : 3;
  },
});

/** Every comparison Delegate knows, in explanation order. */
export const COMPARISONS: readonly Comparison[] = [
  firstName,
  middleName,
  lastName,
  fullName,
  dateOfBirth,
  exactOnly('sex', 'sex', 'sex'),
  text('street', 'street', 'street'),
  text('city', 'city', 'city'),
  numeric('postcode', 'postcode', 'postcode'),
  exactOnly('state', 'state', 'state'),
  exactOnly('country_of_birth', 'country_of_birth', 'country'),
  numeric('a_number', 'a_number', 'aNumber'),
  exactOnly('fbi_number', 'fbi_number', 'fbi'),
  numeric('ssn', 'ssn', 'ssn'),
  numeric('phone', 'phone', 'phone'),
];

/** The comparisons for a data set: those whose roles carry data (full_name only beside split names). */
export function comparisonsFor(roles: ReadonlySet<Role>): Comparison[] {
  const split = roles.has('first_name') || roles.has('last_name');
  return COMPARISONS.filter((c) => {
    if (c === fullName) return split && roles.has('full_name');
    return c.roles.some((r) => roles.has(r));
  });
}
