/**
 * Blocking: only pairs that share a key under at least one rule are compared. The rules are
 * a union, each aimed at a different error (a typo in the name is caught by the date rule, a
 * wrong date by the name rule), and each pair is generated once, by the first rule that
 * finds it. Very large blocks (a placeholder date, a common surname without a second key)
 * are skipped and reported rather than compared all-against-all, except that a sparse record
 * (no date of birth, one name) is compared with its sorted neighbours there. Name keys come
 * in two strengths: the canonical key (nicknames, transliterations) and a coarser sound key
 * (vowels dropped) that survives a misspelt vowel or a doubled letter.
 */
import { type NormalisedRecord, nameKey, soundKey } from './normalise.ts';
import type { Role } from './roles.ts';

export interface BlockingRule {
  name: string;
  /** The roles it needs; the rule is used when all have data. */
  roles: readonly Role[];
  /** The record's keys under this rule ('' = none). Several keys let one rule try alternatives. */
  keys(r: NormalisedRecord): string[];
  /** A tighter block-size limit for broad rules. */
  maxBlockSize?: number;
  /** Compare oversize blocks by sorted neighbourhood instead of skipping them. */
  neighbours?: Neighbourhood;
  /** A broad rule for recall that runs only on inputs up to `maxRecordsForRescue`. */
  rescue?: boolean;
}

/**
 * Sorted neighbourhood inside an oversize block (a common given name, say): the block's
 * records are sorted by a second key and each record the rule rescues is compared only with
 * the `window` records either side of it, so the cost grows with the block's size rather
 * than its square, and a record whose other names sound alike still meets its duplicates.
 * Blocks over `maxBlockSize` are still skipped.
 */
export interface Neighbourhood {
  /** Neighbours compared on each side of a record in sort order. */
  window: number;
  maxBlockSize: number;
  sortKey(r: NormalisedRecord): string;
  /** Only records this accepts look for neighbours (the sparse ones no tighter rule reaches). */
  rescues(r: NormalisedRecord): boolean;
}

/** Keys of every name token the record has: given, family and full-name tokens. */
const nameKeys = (r: NormalisedRecord) => [r.firstKey, ...r.lastKeys, ...r.fullTokens.map(nameKey)];
/** Sound keys of every name token (misspelt vowels and doubled letters folded away). */
const nameSounds = (r: NormalisedRecord) => [r.first, ...r.lastTokens, ...r.fullTokens].map(soundKey);
/** All of a record's name sounds in one sorted string: records whose other names sound alike sort together. */
const soundOrder = (r: NormalisedRecord) => nameSounds(r).sort().join(' ');
/** A record missing its date of birth or one of its names. */
const sparse = (r: NormalisedRecord) => !r.dob || !r.first || !r.last;
const both = (a: string, b: string) => (a && b ? `${a}|${b}` : '');
const year = (r: NormalisedRecord) => r.dob.slice(0, 4);
/** A given name and a family name in either order, so swapped names block together. */
const unordered = (a: string, b: string) => (!a || !b ? '' : a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * The default rules. Each is tight enough to stay cheap on a million records (a key shared by
 * thousands would cost millions of comparisons); the broad ones, which rescue records with
 * most fields wrong or missing, only compare blocks under a small size limit.
 */
export const BLOCKING_RULES: readonly BlockingRule[] = [
  { name: 'dob + given initial', roles: ['dob'], keys: (r) => [both(r.dob, r.first.slice(0, 1))] },
  { name: 'dob + family initial', roles: ['dob'], keys: (r) => [both(r.dob, r.last.slice(0, 1))] },
  {
    name: 'given + family name keys (either order)',
    roles: ['last_name'],
    keys: (r) => r.lastKeys.map((k) => unordered(r.firstKey, k)),
  },
  {
    name: 'family name key + birth year',
    roles: ['last_name', 'dob'],
    keys: (r) => r.lastKeys.map((k) => both(k, year(r))),
  },
  {
    name: 'initials + birth month and day',
    roles: ['last_name', 'dob'],
    keys: (r) => [both(r.first.slice(0, 1) + r.last.slice(0, 2), r.dob.slice(4))],
  },
  {
    name: 'given name prefix + family name prefix (blocks ≤ 50)',
    roles: ['first_name', 'last_name'],
    keys: (r) => [both(r.first.slice(0, 3), r.last.slice(0, 4))],
    maxBlockSize: 50,
  },
  {
    name: 'any one name token (blocks ≤ 30; sorted neighbourhood to 5,000)',
    roles: ['last_name'],
    keys: nameKeys,
    maxBlockSize: 30,
    // Records without a date of birth or one of their names escape every tighter rule; in
    // an oversize block they still meet the records whose names sound most like theirs.
    neighbours: { window: 5, maxBlockSize: 5000, sortKey: soundOrder, rescues: sparse },
  },
  {
    name: 'given and family name sounds (either order, blocks ≤ 50)',
    roles: ['last_name'],
    keys: (r) => r.lastTokens.map((t) => unordered(soundKey(r.first), soundKey(t))),
    maxBlockSize: 50,
  },
  {
    name: 'any name sound + birth year (blocks ≤ 50)',
    roles: ['last_name', 'dob'],
    keys: (r) => nameSounds(r).map((k) => both(k, year(r))),
    maxBlockSize: 50,
    rescue: true,
  },
  { name: 'postcode (blocks ≤ 20)', roles: ['postcode'], keys: (r) => [r.postcode], maxBlockSize: 20 },
  {
    name: 'any name token + city (blocks ≤ 30)',
    roles: ['city'],
    keys: (r) => nameKeys(r).map((k) => both(k, r.city)),
    maxBlockSize: 30,
  },
  {
    name: 'any name token + postcode area (blocks ≤ 50)',
    roles: ['postcode'],
    keys: (r) => nameKeys(r).map((k) => both(k, r.postcode.slice(0, 3))),
    maxBlockSize: 50,
  },
  { name: 'street + city', roles: ['street', 'city'], keys: (r) => [both(r.street, r.city)] },
  { name: 'ssn', roles: ['ssn'], keys: (r) => [r.ssn] },
  { name: 'a_number', roles: ['a_number'], keys: (r) => [r.aNumber] },
  { name: 'fbi_number', roles: ['fbi_number'], keys: (r) => [r.fbi] },
  { name: 'phone', roles: ['phone'], keys: (r) => [r.phone] },
];

export function rulesFor(roles: ReadonlySet<Role>): BlockingRule[] {
  return BLOCKING_RULES.filter((rule) => rule.roles.every((r) => roles.has(r)));
}

export interface RuleReport {
  rule: string;
  /** Pairs this rule generated that no earlier rule had. */
  pairs: number;
  /** Pairs in blocks over the size limit, not compared. */
  skipped: number;
}

export interface Candidates {
  left: Int32Array;
  right: Int32Array;
  length: number;
  report: RuleReport[];
}

/** Inputs larger than this skip the rescue rules, neighbourhoods and within-cluster pairs. */
export const MAX_RECORDS_FOR_RESCUE = 250_000;

export interface BlockingOptions {
  /** Blocks with more records than this on a side are skipped. */
  maxBlockSize?: number;
  /**
   * Rescue rules and sorted neighbourhoods run only when the input has at most this many
   * records (default 250,000). Together they cost about eight comparisons per record; on a
   * million records that is more than the speed budget allows (issue 6: a million in a
   * minute on two cores), and they are for recall on small, heavily corrupted inputs.
   */
  maxRecordsForRescue?: number;
  onProgress?: (ruleIndex: number, rules: number) => void;
}

/**
 * A block key as a 32-bit hash (FNV-1a). Holding millions of key strings would cost
 * gigabytes; a rare collision only puts two unrelated records in one block, where scoring
 * tells them apart.
 */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Every record's hashed keys under one rule, packed: record i's are ids[start[i]..start[i+1]). */
interface KeyColumn {
  start: Int32Array;
  ids: Int32Array;
}

function keyColumn(records: readonly NormalisedRecord[], rule: BlockingRule): KeyColumn {
  const start = new Int32Array(records.length + 1);
  let ids = new Int32Array(records.length);
  let n = 0;
  for (let i = 0; i < records.length; i++) {
    start[i] = n;
    for (const key of rule.keys(records[i]!)) {
      if (!key) continue;
      const id = hashKey(key);
      let repeated = false;
      for (let x = start[i]!; x < n && !repeated; x++) repeated = ids[x] === id;
      if (repeated) continue;
      if (n === ids.length) {
        const grown = new Int32Array(ids.length * 2);
        grown.set(ids);
        ids = grown;
      }
      ids[n++] = id;
    }
  }
  start[records.length] = n;
  return { start, ids };
}

/**
 * Oversize keys are overwritten with this mark once their rule has run, so telling whether
 * two records share a compared key needs no set lookup. (A real key hashing to the mark is
 * one in four billion; at worst its pair is compared twice.)
 */
const DEAD = -0x80000000;

/** Whether records i and j share a key under this column that was compared (not oversize). */
function sharesKey(a: KeyColumn, i: number, b: KeyColumn, j: number): boolean {
  const aEnd = a.start[i + 1]!;
  const bStart = b.start[j]!;
  const bEnd = b.start[j + 1]!;
  if (bStart === bEnd) return false;
  for (let x = a.start[i]!; x < aEnd; x++) {
    const id = a.ids[x]!;
    if (id === DEAD) continue;
    for (let y = bStart; y < bEnd; y++) if (b.ids[y] === id) return true;
  }
  return false;
}

/** Overwrite the oversize keys of a column with the DEAD mark. */
function markOversize(keys: KeyColumn, oversize: ReadonlySet<number>): void {
  if (oversize.size === 0) return;
  const ids = keys.ids;
  for (let x = 0; x < ids.length; x++) if (oversize.has(ids[x]!)) ids[x] = DEAD;
}

function blocks(keys: KeyColumn): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (let i = 0; i + 1 < keys.start.length; i++) {
    for (let x = keys.start[i]!; x < keys.start[i + 1]!; x++) {
      const k = keys.ids[x]!;
      const list = map.get(k);
      if (list) list.push(i);
      else map.set(k, [i]);
    }
  }
  return map;
}

/**
 * Pairs (flat: i, j, i, j, …) of neighbours in one oversize block, i from left and j from
 * right (or i < j in a dedupe). Each record the rule rescues is paired with the `window`
 * records either side of it in sort order; a pair may come out twice (the caller dedupes).
 */
function neighbourhood(
  hood: Neighbourhood,
  ls: readonly number[],
  rs: readonly number[] | null,
  recordOf: (side: number, i: number) => NormalisedRecord,
): number[] {
  const made: number[] = [];
  if (ls.length + (rs?.length ?? 0) > hood.maxBlockSize) return made;
  // Side 0 = left, 1 = right; in a dedupe both sides are the one list.
  const member = (side: number, i: number) => {
    const r = recordOf(side, i);
    return { side, i, key: hood.sortKey(r), rescue: hood.rescues(r) };
  };
  const members = ls.map((i) => member(0, i));
  if (rs) for (const j of rs) members.push(member(1, j));
  if (!members.some((m) => m.rescue)) return made;
  members.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.side - b.side || a.i - b.i));
  for (let x = 0; x < members.length; x++) {
    const a = members[x]!;
    if (!a.rescue) continue;
    const end = Math.min(members.length - 1, x + hood.window);
    for (let y = Math.max(0, x - hood.window); y <= end; y++) {
      const b = members[y]!;
      if (y === x) continue;
      if (!rs) made.push(Math.min(a.i, b.i), Math.max(a.i, b.i));
      else if (a.side !== b.side) made.push(a.side === 0 ? a.i : b.i, a.side === 0 ? b.i : a.i);
    }
  }
  return made;
}

/** A growable pair buffer. */
class PairBuffer {
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  length = 0;
  push(i: number, j: number): void {
    if (this.length === this.left.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.left = grow(this.left);
      this.right = grow(this.right);
    }
    this.left[this.length] = i;
    this.right[this.length] = j;
    this.length++;
  }
}

/**
 * Candidate pairs within `left` (dedupe, i < j) or across `left` × `right` (link). A pair is
 * kept under the first rule and the first compared key it shares, so nothing is compared
 * twice. A rule with `neighbours` compares its oversize blocks by sorted neighbourhood.
 */
export function candidatePairs(
  left: readonly NormalisedRecord[],
  right: readonly NormalisedRecord[] | null,
  rules: readonly BlockingRule[],
  options: BlockingOptions = {},
): Candidates {
  const maxBlock = options.maxBlockSize ?? 500;
  const rescue =
    left.length + (right?.length ?? 0) <= (options.maxRecordsForRescue ?? MAX_RECORDS_FOR_RESCUE);
  // A rule left out gets no keys: it makes no pairs and tells later rules nothing.
  const column = (records: readonly NormalisedRecord[], rule: BlockingRule) =>
    !rule.rescue || rescue
      ? keyColumn(records, rule)
      : { start: new Int32Array(records.length + 1), ids: new Int32Array(0) };
  const leftKeys = rules.map((rule) => column(left, rule));
  const rightKeys = right ? rules.map((rule) => column(right, rule)) : leftKeys;
  const out = new PairBuffer();
  const report: RuleReport[] = [];
  // Pairs found inside oversize blocks by sorted neighbourhood: no key tells they were compared.
  const windowed = new Set<number>();
  const width = (right ?? left).length;
  const seenBefore = (r: number, i: number, j: number) => {
    for (let q = 0; q < r; q++) if (sharesKey(leftKeys[q]!, i, rightKeys[q]!, j)) return true;
    return windowed.size > 0 && windowed.has(i * width + j);
  };
  for (let r = 0; r < rules.length; r++) {
    options.onProgress?.(r, rules.length);
    const rule = rules[r]!;
    const lk = leftKeys[r]!;
    const rk = rightKeys[r]!;
    const limit = rule.maxBlockSize ?? maxBlock;
    const leftBlocks = blocks(lk);
    const rightBlocks = right ? blocks(rk) : leftBlocks;
    // Oversize keys are known before any pair is made, so a pair sharing one oversize and one
    // ordinary key is still made, under the ordinary one.
    const skippedKeys = new Set<number>();
    for (const [key, ls] of leftBlocks) {
      const rs = rightBlocks.get(key);
      if (rs && (ls.length > limit || rs.length > limit)) skippedKeys.add(key);
    }
    // From here on, this rule's oversize keys read as DEAD: no compared pair came from them.
    markOversize(lk, skippedKeys);
    if (rk !== lk) markOversize(rk, skippedKeys);
    /** The pair belongs to this block only if `key` is the first compared key they share under this rule. */
    const firstShared = (i: number, j: number, key: number) => {
      const aStart = lk.start[i]!;
      const aEnd = lk.start[i + 1]!;
      // One key each (the usual case): they share `key`, as both sit in its block.
      if (aEnd - aStart === 1) return true;
      for (let x = aStart; x < aEnd; x++) {
        const id = lk.ids[x]!;
        if (id === DEAD) continue;
        for (let y = rk.start[j]!; y < rk.start[j + 1]!; y++) if (rk.ids[y] === id) return id === key;
      }
      return false;
    };
    let pairs = 0;
    let skipped = 0;
    for (const [key, ls] of leftBlocks) {
      const rs = rightBlocks.get(key);
      if (!rs) continue;
      if (skippedKeys.has(key)) {
        const n = right ? ls.length * rs.length : (ls.length * (ls.length - 1)) / 2;
        const made =
          rule.neighbours && rescue
            ? neighbourhood(
                rule.neighbours,
                ls,
                right ? rs : null,
                (side, i) => (side === 0 ? left : right!)[i]!,
              )
            : [];
        for (let x = 0; x < made.length; x += 2) {
          const i = made[x]!;
          const j = made[x + 1]!;
          // A pair that also shares an ordinary key of this rule is made in that block.
          if (seenBefore(r, i, j) || sharesKey(lk, i, rk, j)) continue;
          if (windowed.has(i * width + j)) continue;
          windowed.add(i * width + j);
          out.push(i, j);
          pairs++;
        }
        skipped += n - made.length / 2; // approximate: a neighbour pair may be listed twice
        continue;
      }
      for (let x = 0; x < ls.length; x++) {
        const i = ls[x]!;
        for (let y = right ? 0 : x + 1; y < rs.length; y++) {
          const j = rs[y]!;
          if (!right && i === j) continue;
          if (seenBefore(r, i, j) || !firstShared(i, j, key)) continue;
          out.push(i, j);
          pairs++;
        }
      }
    }
    report.push({ rule: rule.name, pairs, skipped });
  }
  return { left: out.left, right: out.right, length: out.length, report };
}
