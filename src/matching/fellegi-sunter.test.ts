import { describe, expect, it } from 'vitest';
import { NULL_LEVEL } from './comparisons.ts';
import {
  expectationMaximisation,
  LEVEL_BASE,
  levelAt,
  probabilityToWeight,
  weightToProbability,
} from './fellegi-sunter.ts';
import { randomInt, seededRng } from './random.ts';

/** Draw level patterns from a known two-class model, as blocked pairs would look. */
function simulate(m: number[][], u: number[][], lambda: number, n: number) {
  const rng = seededRng(7);
  const draw = (p: number[]) => {
    let x = rng();
    for (let l = 0; l < p.length; l++) {
      x -= p[l]!;
      if (x < 0) return l;
    }
    return p.length - 1;
  };
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const params = rng() < lambda ? m : u;
    let key = 0;
    params.forEach((p, k) => {
      key += (draw(p) + 1) * LEVEL_BASE ** k;
    });
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { patterns: [...counts.keys()], counts: [...counts.values()] };
}

describe('Fellegi–Sunter with EM', () => {
  const m = [
    [0.85, 0.1, 0.05],
    [0.9, 0.1],
    [0.7, 0.2, 0.1],
    [0.95, 0.05],
  ];
  const u = [
    [0.01, 0.09, 0.9],
    [0.05, 0.95],
    [0.02, 0.08, 0.9],
    [0.1, 0.9],
  ];

  it('recovers m, u and the match share from unlabelled patterns, and converges', () => {
    const { patterns, counts } = simulate(m, u, 0.3, 200_000);
    const start = {
      m: m
        .map((row) => row.map(() => 1 / row.length))
        .map((row) => row.map((x, l) => (l === 0 ? x + 0.3 : x - 0.3 / (row.length - 1)))),
      u: u.map((row) => row.map(() => 1 / row.length)),
      lambda: 0.5,
    };
    const em = expectationMaximisation(patterns, counts, [3, 2, 3, 2], start);
    expect(em.converged).toBe(true);
    expect(em.changes.at(-1)!).toBeLessThan(1e-5);
    expect(em.lambda).toBeCloseTo(0.3, 2);
    for (let k = 0; k < m.length; k++) {
      for (let l = 0; l < m[k]!.length; l++) {
        expect(Math.abs(em.m[k]![l]! - m[k]![l]!)).toBeLessThan(0.02);
        expect(Math.abs(em.u[k]![l]! - u[k]![l]!)).toBeLessThan(0.02);
      }
    }
  });

  it('keeps u fixed when asked, learning m and lambda only', () => {
    const { patterns, counts } = simulate(m, u, 0.2, 100_000);
    const em = expectationMaximisation(
      patterns,
      counts,
      [3, 2, 3, 2],
      { m: m.map((r) => r.map(() => 0.5)), u, lambda: 0.5 },
      { fixU: true },
    );
    expect(em.u).toBe(u);
    expect(em.lambda).toBeCloseTo(0.2, 2);
    expect(em.m[0]![0]!).toBeCloseTo(0.85, 1);
  });

  it('packs and unpacks levels, null included', () => {
    const key = (2 + 1) * 1 + (NULL_LEVEL + 1) * LEVEL_BASE + (0 + 1) * LEVEL_BASE ** 2;
    expect([levelAt(key, 0), levelAt(key, 1), levelAt(key, 2)]).toEqual([2, -1, 0]);
    const rng = seededRng(1);
    for (let i = 0; i < 100; i++) {
      const p = (randomInt(rng, 998) + 1) / 1000;
      expect(weightToProbability(probabilityToWeight(p))).toBeCloseTo(p, 10);
    }
  });
});
