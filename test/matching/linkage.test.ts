/** End to end on FEBRL4 (5,000 × 5,000, unsupervised): accuracy, blocking recall, explanations. */
import { beforeAll, describe, expect, it } from 'vitest';
import { candidatePairs, rulesFor } from '../../src/matching/blocking.ts';
import { oneToOne } from '../../src/matching/clustering.ts';
import { explainPair } from '../../src/matching/explain.ts';
import { type LinkResult, linkRecords, rolesPresent } from '../../src/matching/linker.ts';
import { normaliseRecord } from '../../src/matching/normalise.ts';
import { febrl, type Labelled } from './linkage-data.ts';

describe('iterative blocking (pairs within clusters)', () => {
  it('compares uncompared pairs inside small clusters, once each, and only under the size gate', () => {
    const records = febrl('dataset3.csv');
    const rules = candidatePairs(records.map(normaliseRecord), null, rulesFor(rolesPresent(records)));
    const result = linkRecords(records, null);
    const within = result.blocking.at(-1)!;
    expect(within.rule).toMatch(/within clusters/);
    expect(within.pairs).toBeGreaterThan(0);
    expect(result.candidates).toBe(rules.length + within.pairs);
    const keys = new Set<number>();
    for (let p = 0; p < result.candidates; p++) {
      const i = result.compared.left[p]!;
      const j = result.compared.right[p]!;
      expect(i).toBeLessThan(j);
      keys.add(i * records.length + j);
    }
    expect(keys.size).toBe(result.candidates);
    const gated = linkRecords(records, null, { maxRecordsForRescue: 10 });
    expect(gated.blocking.some((r) => /within clusters/.test(r.rule))).toBe(false);
  });
});

describe('FEBRL4 linkage', () => {
  let a: Labelled[];
  let b: Labelled[];
  let result: LinkResult;
  beforeAll(() => {
    a = febrl('dataset4a.csv');
    b = febrl('dataset4b.csv');
    result = linkRecords(a, b);
  });

  const f1 = (pairs: { left: number; right: number }[]) => {
    const tp = pairs.filter((p) => a[p.left]!.truth === b[p.right]!.truth).length;
    const precision = tp / pairs.length;
    const recall = tp / 5000;
    return (2 * precision * recall) / (precision + recall);
  };

  it('links with pairwise F1 ≥ 0.99, and one-to-one assignment keeps it', () => {
    expect(f1(result.pairs)).toBeGreaterThanOrEqual(0.99);
    expect(f1(oneToOne(result.pairs, 0.5))).toBeGreaterThanOrEqual(0.99);
  });

  it('blocks to under 1 % of all pairs while keeping ≥ 99.5 % of true links', () => {
    const c = candidatePairs(result.left, result.right, rulesFor(rolesPresent(a, b)));
    let kept = 0;
    for (let p = 0; p < c.length; p++) if (a[c.left[p]!]!.truth === b[c.right[p]!]!.truth) kept++;
    expect(kept / 5000).toBeGreaterThanOrEqual(0.995);
    expect(c.length / 25e6).toBeLessThan(0.01);
    expect(c.report.reduce((s, r) => s + r.pairs, 0)).toBe(c.length);
  });

  it('learns that agreeing on date of birth or SSN is strong evidence, and a rare surname more than a common one', () => {
    const k = (name: string) => result.model.comparisons.findIndex((c) => c.name === name);
    expect(result.model.levelWeights[k('dob')]![0]!).toBeGreaterThan(5);
    expect(result.model.levelWeights[k('ssn')]![0]!).toBeGreaterThan(5);
    expect(result.model.levelWeights[k('dob')]!.at(-1)!).toBeLessThan(0);
    const surnames = result.model.tf[k('last_name')]!;
    const counts = new Map<string, number>();
    for (const r of result.left) counts.set(r.last, (counts.get(r.last) ?? 0) + 1);
    const common = [...counts].filter(([name]) => name).sort((x, y) => y[1] - x[1])[0]![0];
    expect(surnames.adjustment('zzyzx')).toBeGreaterThan(surnames.adjustment(common) + 2);
  });

  it('explains a pair with steps that sum to its weight, TF apart', () => {
    const p = result.pairs[0]!;
    const w = explainPair(result.model, result.left[p.left]!, result.right![p.right]!);
    expect(w.weight).toBeCloseTo(p.weight, 9);
    expect(w.prior + w.steps.reduce((s, x) => s + x.weight + x.tfAdjustment, 0)).toBeCloseTo(p.weight, 9);
    expect(w.steps.map((s) => s.comparison)).toContain('dob');
  });
});
