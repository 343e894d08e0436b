/**
 * Dedupe one list or link two, unsupervised: normalise, block, compare each candidate pair
 * once (its levels packed into one number), train on those patterns (training.ts), then
 * weigh every candidate. No labels are read anywhere on this path.
 */
import { candidatePairs, type RuleReport, rulesFor } from './blocking.ts';
import { alignNames, comparisonsFor, namesSwapped } from './comparisons.ts';
import { patternOf, probabilityToWeight, weightToProbability } from './fellegi-sunter.ts';
import type { MatchModel } from './model.ts';
import { type NormalisedRecord, normaliseRecord } from './normalise.ts';
import { type PersonRecord, ROLES, type Role } from './roles.ts';
import { type SessionReport, train } from './training.ts';

export interface LinkOptions {
  /** Pairs at or above this match probability are returned (default 0.5). */
  threshold?: number;
  seed?: number;
  /** Random pairs drawn to estimate u (default 100,000). */
  uSamples?: number;
  maxBlockSize?: number;
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
  candidates: number;
  pairs: ScoredPair[];
}

/** Roles that carry a value in at least one record. */
export function rolesPresent(...lists: readonly (readonly PersonRecord[])[]): Set<Role> {
  const present = new Set<Role>();
  for (const role of ROLES) {
    if (lists.some((list) => list.some((r) => r[role]?.trim()))) present.add(role);
  }
  return present;
}

/** Dedupe `left` (right = null) or link `left` with `right`; roles default to those with data. */
export function linkRecords(
  leftInput: readonly PersonRecord[],
  rightInput: readonly PersonRecord[] | null,
  options: LinkOptions = {},
  roles: ReadonlySet<Role> = rolesPresent(leftInput, ...(rightInput ? [rightInput] : [])),
): LinkResult {
  const progress = options.onProgress ?? (() => {});
  const threshold = options.threshold ?? 0.5;
  progress('normalising', 0);
  const left = leftInput.map(normaliseRecord);
  const right = rightInput ? rightInput.map(normaliseRecord) : null;
  const other = right ?? left;
  const comparisons = comparisonsFor(roles);
  const candidates = candidatePairs(left, right, rulesFor(roles), {
    maxBlockSize: options.maxBlockSize,
    onProgress: (r, n) => progress('blocking', r / n),
  });
  const patterns = new Float64Array(candidates.length);
  // Pairs whose left record was realigned (a lone name moved), so scoring reads its TF values
  // from the same view without aligning every pair again.
  const leftMoved = new Uint8Array(candidates.length);
  for (let p = 0; p < candidates.length; p++) {
    if (p % 1_000_000 === 0) progress('comparing', p / candidates.length);
    const x = left[candidates.left[p]!]!;
    const [a, b] = alignNames(x, other[candidates.right[p]!]!);
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
  progress('done', 1);
  return {
    model,
    training: sessions,
    left,
    right,
    blocking: candidates.report,
    candidates: candidates.length,
    pairs,
  };
}
