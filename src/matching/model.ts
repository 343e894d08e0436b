/**
 * A trained match model: the comparisons, their learned m and u, the prior, and the
 * term-frequency tables. It scores a pair by its packed level pattern, whose weight is
 * cached (a few thousand patterns cover millions of pairs), plus the pair's TF terms.
 */
import { alignNames, COMPARISONS, type Comparison, namesSwapped } from './comparisons.ts';
import { levelAt, type Parameters, patternOf, weightToProbability } from './fellegi-sunter.ts';
import type { NormalisedRecord } from './normalise.ts';
import { TermFrequencies } from './term-frequency.ts';

export interface Score {
  weight: number;
  probability: number;
}

/** A model as JSON, for the store: comparisons by name, their learned m and u, the prior. */
export interface SerializedModel {
  comparisons: string[];
  m: number[][];
  u: number[][];
  lambda: number;
}

interface PatternWeight {
  weight: number;
  /** Comparisons that agree exactly and carry a TF table: their TF term is added per pair. */
  tfExact: number[];
}

/**
 * Level weights with no agreement level below full disagreement (the last level): EM on a
 * level that few pairs reach can learn a weight no reading supports (sharing one name token
 * counting against a match more than sharing none), so such a level falls back to the
 * disagreement weight.
 */
export function monotone(weights: number[]): number[] {
  const floor = weights[weights.length - 1]!;
  return weights.map((w) => Math.max(w, floor));
}

export class MatchModel {
  readonly comparisons: readonly Comparison[];
  readonly params: Parameters;
  /** Per comparison, its term-frequency table (null when it has none). */
  readonly tf: readonly (TermFrequencies | null)[];
  /** log2(m/u) per comparison and level. */
  readonly levelWeights: number[][];
  readonly priorWeight: number;
  private readonly cache = new Map<number, PatternWeight>();

  constructor(
    comparisons: readonly Comparison[],
    params: Parameters,
    tf: readonly (TermFrequencies | null)[],
  ) {
    this.comparisons = comparisons;
    this.params = params;
    this.tf = tf;
    this.levelWeights = params.m.map((row, k) =>
      monotone(row.map((m, l) => Math.log2(m / params.u[k]![l]!))),
    );
    this.priorWeight = Math.log2(params.lambda / (1 - params.lambda));
  }

  /** The pair's level pattern, its names aligned first (comparisons.ts `alignNames`). */
  pattern(a: NormalisedRecord, b: NormalisedRecord): number {
    const [x, y] = alignNames(a, b);
    return patternOf(this.comparisons, x, y, namesSwapped(x, y));
  }

  private patternWeight(pattern: number): PatternWeight {
    let pw = this.cache.get(pattern);
    if (pw) return pw;
    let weight = this.priorWeight;
    const tfExact: number[] = [];
    for (let k = 0; k < this.comparisons.length; k++) {
      const level = levelAt(pattern, k);
      if (level < 0) continue;
      weight += this.levelWeights[k]![level]!;
      if (level === 0 && this.tf[k]) tfExact.push(k);
    }
    pw = { weight, tfExact };
    this.cache.set(pattern, pw);
    return pw;
  }

  /** Match weight of a pair whose pattern is known; `a` supplies the TF values (they agree). */
  weightOf(pattern: number, a: NormalisedRecord): number {
    const pw = this.patternWeight(pattern);
    let w = pw.weight;
    for (const k of pw.tfExact) w += this.tf[k]!.adjustment(this.comparisons[k]!.tfValue!(a));
    return w;
  }

  score(a: NormalisedRecord, b: NormalisedRecord): Score {
    const weight = this.weightOf(this.pattern(a, b), alignNames(a, b)[0]);
    return { weight, probability: weightToProbability(weight) };
  }

  /** Term frequencies are data, not parameters: the restored model starts with empty tables. */
  toJSON(): SerializedModel {
    const { m, u, lambda } = this.params;
    return { comparisons: this.comparisons.map((c) => c.name), m, u, lambda };
  }

  static fromJSON(json: SerializedModel): MatchModel {
    const comparisons = json.comparisons.map((name, k) => {
      const c = COMPARISONS.find((x) => x.name === name);
      if (!c) throw new Error(`unknown comparison ${name}`);
      // A model saved before a comparison gained or lost a level cannot weigh its levels.
      const saved = json.m[k]?.length;
      if (saved !== c.levels.length || json.u[k]?.length !== c.levels.length)
        throw new Error(
          `model for ${name} has ${saved ?? 0} levels, ${c.levels.length} expected: retrain it`,
        );
      return c;
    });
    const tf = comparisons.map((c) => (c.tfValue ? new TermFrequencies() : null));
    return new MatchModel(comparisons, { m: json.m, u: json.u, lambda: json.lambda }, tf);
  }
}
