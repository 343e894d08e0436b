/**
 * The comparison kernel for large runs: every record's value under each comparison is coded
 * as an integer once (one string table per comparison), so a pair compares integers first —
 * equal codes are exact agreement, code 0 is a missing value — and the string comparators
 * (Jaro–Winkler, Damerau–Levenshtein, alias tables) run only for unequal codes, their level
 * memoised per (code, code) pair. The coded tables are plain typed arrays and string lists,
 * so worker threads can share them; this module itself does no I/O and starts no thread.
 *
 * A pair whose names need the full records (one side has a lone name that may move, or the
 * given and family names agree crosswise) comes out as NaN, for the caller to compare with
 * `patternOf` on the records. Every other pattern equals `patternOf(comparisons, a, b,
 * false)` exactly: a code holds every field its comparison reads.
 */
import { COMPARISONS, type Comparison, NULL_LEVEL } from './comparisons.ts';
import { LEVEL_BASE } from './fellegi-sunter.ts';
import { givenNameAliases, type NormalisedRecord } from './normalise.ts';
import { jaroWinkler } from './strings.ts';

/** How a comparison's value is written as one string ('' = missing) and read back. */
interface Codec {
  encode(r: NormalisedRecord): string;
  decode(s: string): Partial<NormalisedRecord>;
  /** Level depends only on code equality (exact-only comparisons). */
  exactOnly?: boolean;
  /** Unequal codes are memoised per pair (the comparator costs more than a table probe). */
  memo?: boolean;
  /**
   * Values nearly unique per record (identifiers): each record's value is its own code, since
   * interning a million distinct strings costs more than it saves. Equal values under two
   * codes still compare as exact agreement, through the comparator.
   */
  perRecord?: boolean;
  /**
   * An object that determines the encoding (a shared token list), so records that share it
   * are coded without building and hashing the string again; null when there is none.
   */
  identity?(r: NormalisedRecord): object | null;
}

const SEP = '\u0001';
const tokens = (s: string): string[] => (s ? s.split(' ') : []);

type StringField = 'middle' | 'dob' | 'sex' | 'street' | 'city' | 'postcode' | 'state' | 'country';
type IdField = 'aNumber' | 'fbi' | 'ssn' | 'phone';
const field = (
  name: StringField | IdField,
  options: { exactOnly?: boolean; memo?: boolean; perRecord?: boolean } = {},
): Codec => ({
  encode: (r) => r[name],
  decode: (s) => ({ [name]: s }),
  ...options,
});

const CODECS: Readonly<Record<string, Codec>> = {
  first_name: {
    encode: (r) => (r.first ? r.first + SEP + r.firstKey : ''),
    decode: (s) => {
      const [first, firstKey] = s.split(SEP);
      return { first, firstKey };
    },
    memo: true,
  },
  middle_name: field('middle', { memo: true }),
  last_name: {
    encode: (r) =>
      r.last
        ? r.last + SEP + r.lastTokens.join(' ') + SEP + r.lastKeys.join(' ') + SEP + r.fullTokens.join(' ')
        : '',
    // Family names come from normalisation as memoised token lists; without full-name tokens
    // the list alone fixes the family name and its keys.
    identity: (r) => (r.fullTokens.length === 0 && r.last ? r.lastTokens : null),
    decode: (s) => {
      const [last, lastTokens, lastKeys, fullTokens] = s.split(SEP) as [string, string, string, string];
      return {
        last,
        lastTokens: tokens(lastTokens),
        lastKeys: tokens(lastKeys),
        fullTokens: tokens(fullTokens),
      };
    },
    memo: true,
  },
  full_name: {
    encode: (r) => r.fullTokens.join(' '),
    decode: (s) => ({ fullTokens: tokens(s) }),
    memo: true,
  },
  dob: field('dob'),
  sex: field('sex', { exactOnly: true }),
  street: field('street', { memo: true }),
  city: field('city', { memo: true }),
  postcode: field('postcode', { memo: true }),
  state: field('state', { exactOnly: true }),
  country_of_birth: field('country', { exactOnly: true }),
  a_number: field('aNumber', { perRecord: true }),
  fbi_number: field('fbi', { exactOnly: true }),
  ssn: field('ssn', { perRecord: true }),
  phone: field('phone', { perRecord: true }),
};

/** Whether every comparison has a codec (custom comparisons take the record-by-record path). */
export const kernelSupports = (comparisons: readonly Comparison[]): boolean =>
  comparisons.every((c) => CODECS[c.name] !== undefined && COMPARISONS.includes(c));

/**
 * The coded records, all of them in one index space (a linkage's right records follow the
 * left ones). Plain arrays only, so the table can be sent to a worker as it is.
 */
export interface CodedTable {
  /** Comparison names, in pattern order. */
  comparisons: string[];
  records: number;
  /** Per comparison: each record's code (0 = missing). */
  codes: Int32Array[];
  /** Per comparison: code → encoded value (index 0 is ''). */
  values: string[][];
}

class Interner {
  readonly ids = new Map<string, number>([['', 0]]);
  readonly values: string[] = [''];
  readonly byIdentity = new Map<object, number>();
  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(s, id);
      this.values.push(s);
    }
    return id;
  }
}

function codeOf(codec: Codec, interner: Interner, r: NormalisedRecord): number {
  if (codec.perRecord) {
    const v = codec.encode(r);
    if (!v) return 0;
    interner.values.push(v);
    return interner.values.length - 1;
  }
  const identity = codec.identity?.(r);
  if (!identity) return interner.id(codec.encode(r));
  let code = interner.byIdentity.get(identity);
  if (code === undefined) {
    code = interner.id(codec.encode(r));
    interner.byIdentity.set(identity, code);
  }
  return code;
}

/** Code every record (left, then right) under each comparison. */
export function encodeRecords(
  comparisons: readonly Comparison[],
  lists: readonly (readonly NormalisedRecord[])[],
): CodedTable {
  const n = lists.reduce((s, l) => s + l.length, 0);
  const codes = comparisons.map(() => new Int32Array(n));
  const interners = comparisons.map(() => new Interner());
  const codecs = comparisons.map((c) => CODECS[c.name]!);
  let i = 0;
  for (const list of lists) {
    for (const r of list) {
      for (let k = 0; k < codecs.length; k++) codes[k]![i] = codeOf(codecs[k]!, interners[k]!, r);
      i++;
    }
  }
  return {
    comparisons: comparisons.map((c) => c.name),
    records: n,
    codes,
    values: interners.map((x) => x.values),
  };
}

/** Lookups before a memo decides whether it pays, and the share of hits it needs. */
const PROBATION = 200_000;
const MIN_HIT_RATE = 0.5;

/**
 * A memo of small integers keyed by a pair of positive codes: open addressing on typed
 * arrays, grown to a bound and then left as it is (later misses are computed, not stored).
 */
export class PairMemo {
  private a: Int32Array;
  private b: Int32Array;
  private v: Int8Array;
  private size = 0;
  private capacity: number;
  private readonly maxCapacity: number;
  constructor(capacity = 1 << 14, maxCapacity = 1 << 20) {
    this.capacity = capacity;
    this.maxCapacity = maxCapacity;
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.v = new Int8Array(capacity);
  }

  private slot(x: number, y: number): number {
    const mask = this.capacity - 1;
    let h = Math.imul(x, 0x9e3779b1) + y;
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    let s = (h ^ (h >>> 13)) & mask;
    while (this.a[s] !== 0 && (this.a[s] !== x || this.b[s] !== y)) s = (s + 1) & mask;
    return s;
  }

  /**
   * Off once the first lookups show few repeats (pairs of distinct values that seldom meet
   * twice): a probe that misses costs more than it saves.
   */
  enabled = true;
  private lookups = 0;
  private hits = 0;

  /** The stored value, or undefined (always, once disabled). */
  get(x: number, y: number): number | undefined {
    if (!this.enabled) return undefined;
    const s = this.slot(x, y);
    if (++this.lookups === PROBATION) this.enabled = this.hits >= PROBATION * MIN_HIT_RATE;
    if (this.a[s] === 0) return undefined;
    this.hits++;
    return this.v[s];
  }

  set(x: number, y: number, value: number): void {
    if (!this.enabled) return;
    if (this.size * 2 >= this.capacity) {
      if (this.capacity >= this.maxCapacity) return;
      this.grow();
    }
    const s = this.slot(x, y);
    if (this.a[s] === 0) this.size++;
    this.a[s] = x;
    this.b[s] = y;
    this.v[s] = value;
  }

  private grow(): void {
    const { a, b, v } = this;
    this.capacity *= 2;
    this.a = new Int32Array(this.capacity);
    this.b = new Int32Array(this.capacity);
    this.v = new Int8Array(this.capacity);
    for (let s = 0; s < a.length; s++) {
      if (a[s] === 0) continue;
      const t = this.slot(a[s]!, b[s]!);
      this.a[t] = a[s]!;
      this.b[t] = b[s]!;
      this.v[t] = v[s]!;
    }
  }
}

const BLANK: NormalisedRecord = {
  id: '',
  first: '',
  firstKey: '',
  middle: '',
  last: '',
  lastTokens: [],
  lastKeys: [],
  fullTokens: [],
  dob: '',
  sex: '',
  street: '',
  city: '',
  postcode: '',
  state: '',
  country: '',
  aNumber: '',
  fbi: '',
  ssn: '',
  phone: '',
};

const close = (a: string, b: string) => a === b || jaroWinkler(a, b) >= 0.92;

/** Computes pair patterns from a coded table. One per thread: its memos are its own. */
export class PairKernel {
  private readonly comparisons: Comparison[];
  private readonly codecs: Codec[];
  /** Per comparison and code, the decoded value as a record (built on first use). */
  private readonly reps: (NormalisedRecord | undefined)[][];
  private readonly memos: PairMemo[];
  private readonly exactOnly: Uint8Array;
  /** Crosswise name closeness: given name × family name, and family × given. */
  private readonly givenFamily = new PairMemo();
  private readonly familyGiven = new PairMemo();
  /** Where the given- and family-name comparisons sit (-1 = absent). */
  private readonly kFirst: number;
  private readonly kLast: number;

  readonly table: CodedTable;

  constructor(table: CodedTable) {
    this.table = table;
    this.comparisons = table.comparisons.map((name) => {
      const c = COMPARISONS.find((x) => x.name === name);
      if (!c || !CODECS[name]) throw new Error(`no kernel for comparison ${name}`);
      return c;
    });
    this.codecs = table.comparisons.map((name) => CODECS[name]!);
    this.kFirst = table.comparisons.indexOf('first_name');
    this.kLast = table.comparisons.indexOf('last_name');
    // Filled up front: a sparse array written at scattered indices falls back to a dictionary.
    this.reps = table.values.map((v) => new Array<NormalisedRecord | undefined>(v.length).fill(undefined));
    // A comparison without a memo gets one born disabled, so the hot loop reads one shape.
    this.memos = this.codecs.map((c) => {
      const memo = new PairMemo(c.memo ? 1 << 14 : 2);
      memo.enabled = c.memo === true;
      return memo;
    });
    this.exactOnly = Uint8Array.from(this.codecs, (c) => (c.exactOnly ? 1 : 0));
  }

  private rep(k: number, code: number): NormalisedRecord {
    let r = this.reps[k]![code];
    if (!r) {
      r = { ...BLANK, ...this.codecs[k]!.decode(this.table.values[k]![code]!) };
      this.reps[k]![code] = r;
    }
    return r;
  }

  /** The given-name code (0 = none, or no given-name comparison). */
  private firstCode(i: number): number {
    return this.kFirst < 0 ? 0 : this.table.codes[this.kFirst]![i]!;
  }

  private lastCode(i: number): number {
    return this.kLast < 0 ? 0 : this.table.codes[this.kLast]![i]!;
  }

  /**
   * `namesSwapped` (comparisons.ts) on the given- and family-name codes: a record without
   * either comparison has no such name. Crosswise closeness is memoised per code pair.
   */
  private swapped(af: number, al: number, bf: number, bl: number): boolean {
    if (!af || !al || !bf || !bl || af === bf) return false;
    const a = this.rep(this.kFirst, af);
    const b = this.rep(this.kFirst, bf);
    if (a.first === b.first || a.firstKey === b.firstKey) return false;
    return (
      this.crosswise(this.givenFamily, af, bl, a.first, this.rep(this.kLast, bl).last) &&
      this.crosswise(this.familyGiven, al, bf, this.rep(this.kLast, al).last, b.first)
    );
  }

  private crosswise(memo: PairMemo, x: number, y: number, a: string, b: string): boolean {
    const known = memo.enabled ? memo.get(x, y) : undefined;
    if (known !== undefined) return known === 1;
    const yes = close(a, b) || givenNameAliases(a, b);
    if (memo.enabled) memo.set(x, y, yes ? 1 : 0);
    return yes;
  }

  /** The packed pattern of records i and j (table indices), or NaN when it needs the records. */
  pattern(i: number, j: number): number {
    const t = this.table;
    const af = this.firstCode(i);
    const al = this.lastCode(i);
    const bf = this.firstCode(j);
    const bl = this.lastCode(j);
    // One record, not both, with a lone name: its name may belong in the other slot.
    if (((af === 0) !== (al === 0)) !== ((bf === 0) !== (bl === 0))) return Number.NaN;
    if (this.swapped(af, al, bf, bl)) return Number.NaN;
    let key = 0;
    let scale = 1;
    for (let k = 0; k < this.codecs.length; k++) {
      const codes = t.codes[k]!;
      const x = codes[i]!;
      const y = codes[j]!;
      let level: number;
      if (x === 0 || y === 0) level = NULL_LEVEL;
      else if (x === y) level = 0;
      else if (this.exactOnly[k] === 1) level = 1;
      else {
        const memo = this.memos[k]!;
        const known = memo.enabled ? memo.get(x, y) : undefined;
        if (known !== undefined) level = known;
        else {
          level = this.comparisons[k]!.compare(this.rep(k, x), this.rep(k, y), false);
          if (memo.enabled) memo.set(x, y, level);
        }
      }
      key += (level + 1) * scale;
      scale *= LEVEL_BASE;
    }
    return key;
  }

  /** Patterns of pairs `from`..`to` (right indices shifted by `rightOffset`) into `out`. */
  fill(
    pairLeft: Int32Array,
    pairRight: Int32Array,
    rightOffset: number,
    from: number,
    to: number,
    out: Float64Array,
  ): void {
    for (let p = from; p < to; p++) out[p] = this.pattern(pairLeft[p]!, pairRight[p]! + rightOffset);
  }
}
