/**
 * The Fellegi–Sunter model. Each comparison level has m = P(level | same person) and
 * u = P(level | different people); a pair's match weight is the prior log-odds plus
 * Σ log2(m/u) over its levels (plus the term-frequency terms), and its match probability
 * is 2^w / (1 + 2^w). Levels are assumed independent given match status, the model's
 * known simplification; EM learns m (and refines u) from unlabelled pairs.
 */
import { type Comparison, NULL_LEVEL } from './comparisons.ts';
import type { NormalisedRecord } from './normalise.ts';
import { type Rng, randomInt } from './random.ts';

/**
 * Pairs' levels packed into one number: (level + 1) in base 9 per comparison, so a
 * comparison has at most 8 levels; 15 comparisons stay below 2^53.
 */
export const LEVEL_BASE = 9;

export function patternOf(
  comparisons: readonly Comparison[],
  a: NormalisedRecord,
  b: NormalisedRecord,
  swapped: boolean,
): number {
  let key = 0;
  let scale = 1;
  for (const c of comparisons) {
    key += (c.compare(a, b, swapped) + 1) * scale;
    scale *= LEVEL_BASE;
  }
  return key;
}

/** Level of comparison `k` in a packed pattern (-1 = null). */
export function levelAt(pattern: number, k: number): number {
  return (Math.floor(pattern / LEVEL_BASE ** k) % LEVEL_BASE) - 1;
}

export interface Parameters {
  /** m[k][level] and u[k][level]; each row sums to 1. */
  m: number[][];
  u: number[][];
  /** Share of the pairs considered (blocked candidates) that are matches. */
  lambda: number;
}

/** Probabilities from counts with a small pseudo-count, so no level is impossible. */
function normalise(counts: number[], pseudo: number): number[] {
  const total = counts.reduce((s, c) => s + c, 0) + pseudo * counts.length;
  return counts.map((c) => (c + pseudo) / total);
}

/**
 * u-probabilities from random pairs: almost every random pair is two different people, so
 * the level frequencies among them estimate u directly.
 */
export function estimateU(
  comparisons: readonly Comparison[],
  draw: () => [NormalisedRecord, NormalisedRecord],
  samples: number,
): number[][] {
  const counts = comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  for (let s = 0; s < samples; s++) {
    const [a, b] = draw();
    for (let k = 0; k < comparisons.length; k++) {
      const level = comparisons[k]!.compare(a, b, false);
      if (level !== NULL_LEVEL) counts[k]![level]!++;
    }
  }
  return counts.map((row) => normalise(row, 1));
}

/** A random pair drawn within one list (dedupe) or across two (link). */
export function randomPairs(
  rng: Rng,
  left: readonly NormalisedRecord[],
  right: readonly NormalisedRecord[] | null,
): () => [NormalisedRecord, NormalisedRecord] {
  return () => {
    const a = left[randomInt(rng, left.length)]!;
    if (right) return [a, right[randomInt(rng, right.length)]!];
    let b = a;
    while (b === a && left.length > 1) b = left[randomInt(rng, left.length)]!;
    return [a, b];
  };
}

/** Starting m: most matches agree exactly, fewer at each weaker level. */
export function initialM(comparisons: readonly Comparison[]): number[][] {
  return comparisons.map((c) =>
    normalise(
      c.levels.map((_, l) => 0.5 ** (l * 1.5)),
      0,
    ),
  );
}

export interface EmResult extends Parameters {
  iterations: number;
  converged: boolean;
  /** Largest parameter change at each iteration: falls to the tolerance when EM converges. */
  changes: number[];
}

export interface EmOptions {
  maxIterations?: number;
  tolerance?: number;
  /** Keep u as given (from random pairs) and learn only m and lambda. */
  fixU?: boolean;
}

/**
 * Expectation–maximisation over distinct level patterns with their counts (millions of
 * pairs collapse to a few thousand patterns). E-step: each pattern's posterior match
 * probability; M-step: m, u and lambda as posterior-weighted level frequencies.
 */
export function expectationMaximisation(
  patterns: readonly number[],
  counts: readonly number[],
  levelCounts: readonly number[],
  start: Parameters,
  options: EmOptions = {},
): EmResult {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-5;
  const K = levelCounts.length;
  const levels = patterns.map((p) => Array.from({ length: K }, (_, k) => levelAt(p, k)));
  let { m, u, lambda } = start;
  const changes: number[] = [];
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const mCounts = levelCounts.map((n) => new Array<number>(n).fill(0));
    const uCounts = levelCounts.map((n) => new Array<number>(n).fill(0));
    let matches = 0;
    let total = 0;
    for (let p = 0; p < patterns.length; p++) {
      const lv = levels[p]!;
      let logOdds = Math.log(lambda / (1 - lambda));
      for (let k = 0; k < K; k++) {
        const l = lv[k]!;
        if (l !== NULL_LEVEL) logOdds += Math.log(m[k]![l]! / u[k]![l]!);
      }
      const posterior = 1 / (1 + Math.exp(-logOdds));
      const n = counts[p]!;
      matches += posterior * n;
      total += n;
      for (let k = 0; k < K; k++) {
        const l = lv[k]!;
        if (l === NULL_LEVEL) continue;
        mCounts[k]![l]! += posterior * n;
        uCounts[k]![l]! += (1 - posterior) * n;
      }
    }
    const next: Parameters = {
      m: mCounts.map((row) => normalise(row, 1e-3)),
      u: options.fixU ? u : uCounts.map((row) => normalise(row, 1e-3)),
      lambda: Math.min(1 - 1e-9, Math.max(1e-9, matches / total)),
    };
    const change = Math.max(maxDiff(m, next.m), maxDiff(u, next.u), Math.abs(lambda - next.lambda));
    changes.push(change);
    ({ m, u, lambda } = next);
    if (change < tolerance) return { m, u, lambda, iterations: iteration, converged: true, changes };
  }
  return { m, u, lambda, iterations: maxIterations, converged: false, changes };
}

function maxDiff(a: number[][], b: number[][]): number {
  let d = 0;
  for (let k = 0; k < a.length; k++) {
    for (let l = 0; l < a[k]!.length; l++) d = Math.max(d, Math.abs(a[k]![l]! - b[k]![l]!));
  }
  return d;
}

export const probabilityToWeight = (p: number): number => Math.log2(p / (1 - p));
export const weightToProbability = (w: number): number => {
  const odds = 2 ** w;
  return Number.isFinite(odds) ? odds / (1 + odds) : 1;
};
