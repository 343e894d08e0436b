/**
 * The explanation of one scored pair, for the officer and the reviewer: the prior, then
 * each field's comparison level and its weight, with the term-frequency part as its own
 * figure, summing exactly to the pair's match weight (the waterfall chart's bars).
 */
import { alignNames, namesSwapped } from './comparisons.ts';
import { levelAt, weightToProbability } from './fellegi-sunter.ts';
import type { MatchModel } from './model.ts';
import type { NormalisedRecord } from './normalise.ts';

export interface WaterfallStep {
  comparison: string;
  /** The level's label, or 'missing' when either side had no value (weight 0). */
  level: string;
  m: number | null;
  u: number | null;
  /** log2(m/u) for the level. */
  weight: number;
  /** Term-frequency adjustment in bits (0 unless an exact agreement on a TF-adjusted field). */
  tfAdjustment: number;
}

export interface Waterfall {
  leftId: string;
  rightId: string;
  /** Prior log-odds that a compared pair is a match. */
  prior: number;
  /** Given and family names were compared crosswise. */
  namesSwapped: boolean;
  steps: WaterfallStep[];
  weight: number;
  probability: number;
}

export function explainPair(model: MatchModel, left: NormalisedRecord, right: NormalisedRecord): Waterfall {
  const pattern = model.pattern(left, right);
  // TF values and the crosswise flag are read from the pair as the model compared it.
  const [a, b] = alignNames(left, right);
  const steps: WaterfallStep[] = model.comparisons.map((c, k) => {
    const level = levelAt(pattern, k);
    if (level < 0)
      return { comparison: c.name, level: 'missing', m: null, u: null, weight: 0, tfAdjustment: 0 };
    const tf = level === 0 && model.tf[k] ? model.tf[k].adjustment(c.tfValue!(a)) : 0;
    return {
      comparison: c.name,
      level: c.levels[level]!,
      m: model.params.m[k]![level]!,
      u: model.params.u[k]![level]!,
      weight: model.levelWeights[k]![level]!,
      tfAdjustment: tf,
    };
  });
  const weight = model.priorWeight + steps.reduce((s, x) => s + x.weight + x.tfAdjustment, 0);
  return {
    leftId: a.id,
    rightId: b.id,
    prior: model.priorWeight,
    namesSwapped: namesSwapped(a, b),
    steps,
    weight,
    probability: weightToProbability(weight),
  };
}

const bits = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;

/** The waterfall as aligned text lines, running total on the right. */
export function formatWaterfall(w: Waterfall): string {
  const rows: string[][] = [['prior', '', bits(w.prior), '', bits(w.prior)]];
  let total = w.prior;
  for (const s of w.steps) {
    total += s.weight + s.tfAdjustment;
    rows.push([
      s.comparison,
      s.level,
      bits(s.weight),
      s.tfAdjustment ? bits(s.tfAdjustment) : '',
      bits(total),
    ]);
  }
  const header = ['comparison', 'level', 'weight', 'tf', 'total'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [
    `${w.leftId} ~ ${w.rightId}${w.namesSwapped ? ' (given and family names compared crosswise)' : ''}`,
    line(header),
    ...rows.map(line),
    `match weight ${w.weight.toFixed(2)}, match probability ${w.probability.toFixed(4)}`,
  ].join('\n');
}
