import { describe, expect, it } from 'vitest';
import { TermFrequencies } from './term-frequency.ts';

describe('term-frequency adjustment', () => {
  const names = [
    ...Array(500).fill('smith'),
    ...Array(100).fill('garcia'),
    ...Array.from({ length: 400 }, (_, i) => `rare${i}`),
  ];
  const tf = TermFrequencies.of(names);

  it('counts a rare name agreeing for more than a common one', () => {
    expect(tf.adjustment('rare1')).toBeGreaterThan(0);
    expect(tf.adjustment('smith')).toBeLessThan(0);
    expect(tf.adjustment('rare1')).toBeGreaterThan(tf.adjustment('garcia'));
    expect(tf.adjustment('garcia')).toBeGreaterThan(tf.adjustment('smith'));
  });

  it('is relative to the chance two random records agree', () => {
    expect(tf.agreementChance()).toBeCloseTo(0.5 ** 2 + 0.1 ** 2 + 400 * 0.001 ** 2, 10);
    expect(tf.adjustment('smith')).toBeCloseTo(Math.log2(tf.agreementChance() / 0.5), 10);
  });

  it('updates as records are added and removed, ignoring missing values', () => {
    const t = TermFrequencies.of(['a', 'a', 'b', '']);
    expect(t.frequency('a')).toBeCloseTo(2 / 3, 10);
    t.remove('a');
    t.add('c');
    expect(t.frequency('a')).toBeCloseTo(1 / 3, 10);
    expect(t.agreementChance()).toBeCloseTo(3 / 9, 10);
  });
});
