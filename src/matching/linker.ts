/**
 * Dedupe one list or link two, unsupervised: normalise, block, compare each candidate pair
 * once (its levels packed into one number), train on those patterns (training.ts), then
 * weigh every candidate. Then iterative blocking: pairs inside small clusters of the links that
 * no rule generated are compared and weighed with the same model, for a few rounds (on inputs
 * under the rescue gate only). No labels are read anywhere on this path.
 */
import {
  type Candidates,
  candidatePairs,
  MAX_RECORDS_FOR_RESCUE,
  type RuleReport,
  rulesFor,
} from './blocking.ts';
import { pairsWithinClusters } from './clustering.ts';
import {
  alignNames,
  type Comparison,
  comparisonsFor,
  mayNeedAlignment,
  namesSwapped,
} from './comparisons.ts';
import { patternOf, probabilityToWeight, weightToProbability } from './fellegi-sunter.ts';
import type { MatchModel } from './model.ts';
import { type NormalisedRecord, normaliseRecord } from './normalise.ts';
import { type CodedTable, encodeRecords, kernelSupports, PairKernel } from './pair-kernel.ts';
import { type PersonRecord, ROLES, type Role } from './roles.ts';
import { type SessionReport, train } from './training.ts';

export interface LinkOptions {
  /** Pairs at or above this match probability are returned (default 0.5). */
  threshold?: number;
  seed?: number;
  /** Random pairs drawn to estimate u (default 100,000). */
  uSamples?: number;
  maxBlockSize?: number;
  /**
   * Inputs with more records than this skip the costly recall steps: the rescue blocking
   * rules and the within-cluster pairs (default 250,000, as in blocking.ts).
   */
  maxRecordsForRescue?: number;
  /**
   * Iterative blocking: after scoring, pairs inside clusters of the links at or above the
   * threshold, up to this many records, that no rule generated are compared and scored too
   * (default 50; 0 turns it off). Runs only on inputs up to `maxRecordsForRescue`.
   */
  maxClusterForPairs?: number;
  /** Stage name and progress in [0, 1], for a progress bar. */
  onProgress?: (stage: string, fraction: number) => void;
}

export interface ScoredPair {
  /** Index into the left list, and into the right list (or the left list again, when deduping). */
  left: number;
  right: number;
  weight: number;
  probability: number;
}

export interface LinkResult {
  model: MatchModel;
  training: SessionReport[];
  left: NormalisedRecord[];
  right: NormalisedRecord[] | null;
  blocking: RuleReport[];
  /** Pairs compared and scored: the blocking rules' candidates plus the within-cluster pairs. */
  candidates: number;
  /** Those pairs, left and right indices (the first `candidates` entries are used). */
  compared: { left: Int32Array; right: Int32Array };
  pairs: ScoredPair[];
}

/**
 * The largest cluster whose uncompared pairs are compared. A cluster of s records costs at
 * most s(s-1)/2 comparisons, so the step costs at most (s-1)/2 per record (25 at 50), the
 * same order as the rescue rules, and a few seconds at the 250,000-record gate.
 */
export const MAX_CLUSTER_FOR_PAIRS = 50;

/** Rounds of within-cluster pairs; each round's new links can join clusters for the next. */
const CLUSTER_ROUNDS = 3;

/** Roles that carry a value in at least one record. */
export function rolesPresent(...lists: readonly (readonly PersonRecord[])[]): Set<Role> {
  const present = new Set<Role>();
  for (const role of ROLES) {
    if (lists.some((list) => list.some((r) => r[role]?.trim()))) present.add(role);
  }
  return present;
}

/**
 * The comparison stage as a job another thread can run: the candidate pairs (right indices
 * shifted by `rightOffset` into one index space) and the coded records, encoded on demand.
 */
export interface CompareJob {
  count: number;
  pairLeft: Int32Array;
  pairRight: Int32Array;
  rightOffset: number;
  /** The records coded for the kernel (pair-kernel.ts); costly, so only on request. */
  table(): CodedTable;
}

/**
 * Computes a job's patterns (NaN for a pair that needs the full records, as the kernel
 * leaves them), e.g. on worker threads; `onProgress` takes the share done. Returning null
 * leaves the job to this thread (a small input, where starting threads costs more).
 */
export type ComparePairs = (
  job: CompareJob,
  onProgress: (fraction: number) => void,
) => Promise<Float64Array> | null;

/** The kernel's patterns on this thread (the reference for other threads' output). */
export function comparePairsHere(job: CompareJob): Float64Array {
  const out = new Float64Array(job.count);
  new PairKernel(job.table()).fill(job.pairLeft, job.pairRight, job.rightOffset, 0, job.count, out);
  return out;
}

interface Prepared {
  left: NormalisedRecord[];
  right: NormalisedRecord[] | null;
  comparisons: Comparison[];
  candidates: Candidates;
}

function prepare(
  leftInput: readonly PersonRecord[],
  rightInput: readonly PersonRecord[] | null,
  options: LinkOptions,
  roles: ReadonlySet<Role>,
): Prepared {
  const progress = options.onProgress ?? (() => {});
  progress('normalising', 0);
  const left = leftInput.map(normaliseRecord);
  const right = rightInput ? rightInput.map(normaliseRecord) : null;
  const comparisons = comparisonsFor(roles);
  const candidates = candidatePairs(left, right, rulesFor(roles), {
    maxBlockSize: options.maxBlockSize,
    maxRecordsForRescue: options.maxRecordsForRescue ?? MAX_RECORDS_FOR_RESCUE,
    onProgress: (r, n) => progress('blocking', r / n),
  });
  return { left, right, comparisons, candidates };
}

/** The pairs still to compare: all of them (NaN) when no other thread computed patterns. */
const unset = (count: number) => new Float64Array(count).fill(Number.NaN);

/** Dedupe `left` (right = null) or link `left` with `right`; roles default to those with data. */
export function linkRecords(
  leftInput: readonly PersonRecord[],
  rightInput: readonly PersonRecord[] | null,
  options: LinkOptions = {},
  roles: ReadonlySet<Role> = rolesPresent(leftInput, ...(rightInput ? [rightInput] : [])),
): LinkResult {
  const prepared = prepare(leftInput, rightInput, options, roles);
  return complete(prepared, unset(prepared.candidates.length), options, true);
}

/**
 * `linkRecords` with the comparison stage handed to `comparePairs` (worker threads running
 * the kernel, say). The same pairs and probabilities as `linkRecords`: only where the
 * patterns are computed differs.
 */
export async function linkRecordsWith(
  comparePairs: ComparePairs,
  leftInput: readonly PersonRecord[],
  rightInput: readonly PersonRecord[] | null,
  options: LinkOptions = {},
  roles: ReadonlySet<Role> = rolesPresent(leftInput, ...(rightInput ? [rightInput] : [])),
): Promise<LinkResult> {
  const prepared = prepare(leftInput, rightInput, options, roles);
  const { left, right, comparisons, candidates } = prepared;
  const progress = options.onProgress ?? (() => {});
  const pending =
    kernelSupports(comparisons) && candidates.length > 0
      ? comparePairs(
          {
            count: candidates.length,
            pairLeft: candidates.left,
            pairRight: candidates.right,
            rightOffset: right ? left.length : 0,
            table: () => encodeRecords(comparisons, right ? [left, right] : [left]),
          },
          (f) => progress('comparing', f),
        )
      : null;
  const patterns = pending ? await pending : unset(candidates.length);
  return complete(prepared, patterns, options, !pending);
}

/** The pairs the kernel left (NaN) compared on the records, then training, scoring and iterative blocking. */
function complete(
  prepared: Prepared,
  patterns: Float64Array,
  options: LinkOptions,
  comparingHere: boolean,
): LinkResult {
  const { left, right, comparisons, candidates } = prepared;
  const other = right ?? left;
  const progress = options.onProgress ?? (() => {});
  const threshold = options.threshold ?? 0.5;
  const maxRecordsForRescue = options.maxRecordsForRescue ?? MAX_RECORDS_FOR_RESCUE;
  const rescue = left.length + (right?.length ?? 0) <= maxRecordsForRescue;
  // Pairs whose left record was realigned (a lone name moved), so scoring reads its TF values
  // from the same view without aligning every pair again.
  const leftMoved = new Uint8Array(candidates.length);
  for (let p = 0; p < candidates.length; p++) {
    if (!Number.isNaN(patterns[p]!)) continue;
    if (comparingHere && p % 1_000_000 === 0) progress('comparing', p / candidates.length);
    const x = left[candidates.left[p]!]!;
    const y = other[candidates.right[p]!]!;
    // Most pairs need no alignment: skip building the aligned pair for them.
    if (!mayNeedAlignment(x, y)) {
      patterns[p] = patternOf(comparisons, x, y, namesSwapped(x, y));
      continue;
    }
    const [a, b] = alignNames(x, y);
    if (a !== x) leftMoved[p] = 1;
    patterns[p] = patternOf(comparisons, a, b, namesSwapped(a, b));
  }
  progress('training', 0);
  const { model, sessions } = train({
    comparisons,
    left,
    right,
    pairLeft: candidates.left,
    pairRight: candidates.right,
    patterns,
    count: candidates.length,
    seed: options.seed ?? 1,
    uSamples: options.uSamples ?? 100_000,
  });
  progress('scoring', 0);
  const pairs: ScoredPair[] = [];
  const minWeight = probabilityToWeight(threshold);
  for (let p = 0; p < candidates.length; p++) {
    const i = candidates.left[p]!;
    // Term frequencies are read from the left record as aligned for comparison.
    const a = leftMoved[p] ? alignNames(left[i]!, other[candidates.right[p]!]!)[0] : left[i]!;
    const weight = model.weightOf(patterns[p]!, a);
    if (weight < minWeight) continue;
    pairs.push({ left: i, right: candidates.right[p]!, weight, probability: weightToProbability(weight) });
  }
  // Iterative blocking: compare the pairs inside small clusters that no rule generated.
  const maxCluster = options.maxClusterForPairs ?? MAX_CLUSTER_FOR_PAIRS;
  let compared = { left: candidates.left, right: candidates.right };
  let count = candidates.length;
  const report = [...candidates.report];
  if (rescue && maxCluster >= 3) {
    progress('pairs within clusters', 0);
    const width = other.length;
    const extraLeft: number[] = [];
    const extraRight: number[] = [];
    // The rules' pairs by left record (compressed rows), to tell which pairs were compared.
    const start = new Int32Array(left.length + 1);
    for (let p = 0; p < candidates.length; p++) start[candidates.left[p]! + 1]!++;
    for (let i = 0; i < left.length; i++) start[i + 1]! += start[i]!;
    const partners = new Int32Array(candidates.length);
    const fill = start.slice(0, left.length);
    for (let p = 0; p < candidates.length; p++) partners[fill[candidates.left[p]!]!++] = candidates.right[p]!;
    const seen = new Set<number>();
    const wasCompared = (i: number, j: number) => {
      if (seen.has(i * width + j)) return true;
      for (let x = start[i]!; x < start[i + 1]!; x++) if (partners[x] === j) return true;
      return false;
    };
    let extra = 0;
    for (let round = 0; round < CLUSTER_ROUNDS; round++) {
      const made = pairsWithinClusters(
        left.length,
        right ? right.length : null,
        pairs,
        threshold,
        maxCluster,
        wasCompared,
      );
      let linkedNow = 0;
      for (let x = 0; x < made.length; x += 2) {
        const i = made[x]!;
        const j = made[x + 1]!;
        seen.add(i * width + j);
        extraLeft.push(i);
        extraRight.push(j);
        const [a, b] = alignNames(left[i]!, other[j]!);
        const weight = model.weightOf(patternOf(comparisons, a, b, namesSwapped(a, b)), a);
        if (weight < minWeight) continue;
        pairs.push({ left: i, right: j, weight, probability: weightToProbability(weight) });
        linkedNow++;
      }
      extra += made.length / 2;
      if (linkedNow === 0) break;
    }
    report.push({ rule: `pairs within clusters of ≤ ${maxCluster} (iterative)`, pairs: extra, skipped: 0 });
    if (extra) {
      const l = new Int32Array(count + extra);
      const r = new Int32Array(count + extra);
      l.set(candidates.left.subarray(0, count));
      r.set(candidates.right.subarray(0, count));
      l.set(extraLeft, count);
      r.set(extraRight, count);
      compared = { left: l, right: r };
      count += extra;
    }
  }
  progress('done', 1);
  return {
    model,
    training: sessions,
    left,
    right,
    blocking: report,
    candidates: count,
    compared,
    pairs,
  };
}
