import { describe, expect, it } from 'vitest';
import { clusters, oneToOne } from './clustering.ts';

describe('clustering', () => {
  it('joins records through transitive links at or above the threshold', () => {
    const links = [
      { left: 0, right: 1, probability: 0.99 },
      { left: 1, right: 2, probability: 0.9 },
      { left: 3, right: 4, probability: 0.4 },
    ];
    expect([...clusters(5, links, 0.5)]).toEqual([0, 0, 0, 3, 4]);
    expect([...clusters(5, links, 0.3)]).toEqual([0, 0, 0, 3, 3]);
  });
  it('assigns one to one, best pair first', () => {
    const links = [
      { left: 0, right: 0, probability: 0.7 },
      { left: 0, right: 1, probability: 0.95 },
      { left: 1, right: 1, probability: 0.9 },
      { left: 2, right: 2, probability: 0.3 },
    ];
    expect(oneToOne(links, 0.5).map((l) => [l.left, l.right])).toEqual([[0, 1]]);
  });
});
