/**
 * Blocking: only pairs that share a key under at least one rule are compared. The rules are
 * a union, each aimed at a different error (a typo in the name is caught by the date rule, a
 * wrong date by the name rule), and each pair is generated once, by the first rule that
 * finds it. Very large blocks (a placeholder date, a common surname without a second key)
 * are skipped and reported rather than compared all-against-all.
 */
import { type NormalisedRecord, nameKey } from './normalise.ts';
import type { Role } from './roles.ts';

export interface BlockingRule {
  name: string;
  /** The roles it needs; the rule is used when all have data. */
  roles: readonly Role[];
  /** The record's keys under this rule ('' = none). Several keys let one rule try alternatives. */
  keys(r: NormalisedRecord): string[];
  /** A tighter block-size limit for broad rules. */
  maxBlockSize?: number;
}

/** Keys of every name token the record has: given, family and full-name tokens. */
const nameKeys = (r: NormalisedRecord) => [r.firstKey, ...r.lastKeys, ...r.fullTokens.map(nameKey)];
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
  { name: 'any one name token (blocks ≤ 30)', roles: ['last_name'], keys: nameKeys, maxBlockSize: 30 },
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

export interface BlockingOptions {
  /** Blocks with more records than this on a side are skipped. */
  maxBlockSize?: number;
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
      if (ids.subarray(start[i]!, n).includes(id)) continue;
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

/** Whether records i and j share a key under this column that was compared (not oversize). */
function sharesKey(a: KeyColumn, i: number, b: KeyColumn, j: number, oversize: ReadonlySet<number>): boolean {
  for (let x = a.start[i]!; x < a.start[i + 1]!; x++) {
    const id = a.ids[x]!;
    for (let y = b.start[j]!; y < b.start[j + 1]!; y++) if (b.ids[y] === id && !oversize.has(id)) return true;
  }
  return false;
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
 * kept under the first rule and the first key it shares, so nothing is compared twice.
 */
export function candidatePairs(
  left: readonly NormalisedRecord[],
  right: readonly NormalisedRecord[] | null,
  rules: readonly BlockingRule[],
  options: BlockingOptions = {},
): Candidates {
  const maxBlock = options.maxBlockSize ?? 500;
  const leftKeys = rules.map((rule) => keyColumn(left, rule));
  const rightKeys = right ? rules.map((rule) => keyColumn(right, rule)) : leftKeys;
  const out = new PairBuffer();
  const report: RuleReport[] = [];
  const oversize: Set<number>[] = [];
  for (let r = 0; r < rules.length; r++) {
    options.onProgress?.(r, rules.length);
    const lk = leftKeys[r]!;
    const rk = rightKeys[r]!;
    const seenBefore = (i: number, j: number) => {
      for (let q = 0; q < r; q++) if (sharesKey(leftKeys[q]!, i, rightKeys[q]!, j, oversize[q]!)) return true;
      return false;
    };
    /** The pair belongs to this block only if `key` is the first key they share under this rule. */
    const firstShared = (i: number, j: number, key: number) => {
      for (let x = lk.start[i]!; x < lk.start[i + 1]!; x++) {
        const id = lk.ids[x]!;
        for (let y = rk.start[j]!; y < rk.start[j + 1]!; y++) if (rk.ids[y] === id) return id === key;
      }
      return false;
    };
    let pairs = 0;
    let skipped = 0;
    const skippedKeys = new Set<number>();
    oversize.push(skippedKeys);
    const leftBlocks = blocks(lk);
    const rightBlocks = right ? blocks(rk) : leftBlocks;
    for (const [key, ls] of leftBlocks) {
      const rs = rightBlocks.get(key);
      if (!rs) continue;
      const limit = rules[r]!.maxBlockSize ?? maxBlock;
      if (ls.length > limit || rs.length > limit) {
        skippedKeys.add(key);
        skipped += right ? ls.length * rs.length : (ls.length * (ls.length - 1)) / 2;
        continue;
      }
      for (let x = 0; x < ls.length; x++) {
        const i = ls[x]!;
        for (let y = right ? 0 : x + 1; y < rs.length; y++) {
          const j = rs[y]!;
          if (!right && i === j) continue;
          if (seenBefore(i, j) || !firstShared(i, j, key)) continue;
          out.push(i, j);
          pairs++;
        }
      }
    }
    report.push({ rule: rules[r]!.name, pairs, skipped });
  }
  return { left: out.left, right: out.right, length: out.length, report };
}
