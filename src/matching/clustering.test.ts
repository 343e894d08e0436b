import { describe, expect, it } from 'vitest';
import { clusters, oneToOne, pairsWithinClusters } from './clustering.ts';

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
  it('does not chain two well-formed clusters through one doubtful link', () => {
    // 0-1-2 and 3-4-5 are triangles; one link 2-3 alone would make one person of six.
    const links = [
      { left: 0, right: 1, probability: 0.99 },
      { left: 1, right: 2, probability: 0.99 },
      { left: 0, right: 2, probability: 0.99 },
      { left: 3, right: 4, probability: 0.99 },
      { left: 4, right: 5, probability: 0.99 },
      { left: 3, right: 5, probability: 0.99 },
      { left: 2, right: 3, probability: 0.96 },
    ];
    expect([...clusters(6, links, 0.95)]).toEqual([0, 0, 0, 3, 3, 3]);
    // Plain connected components on request.
    expect([...clusters(6, links, 0.95, 0)]).toEqual([0, 0, 0, 0, 0, 0]);
    // Enough links between them (two of three records) and they are one.
    const more = [...links, { left: 1, right: 4, probability: 0.97 }];
    expect([...clusters(6, more, 0.95)]).toEqual([0, 0, 0, 0, 0, 0]);
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
  it('lists the uncompared pairs inside small clusters (iterative blocking)', () => {
    // 0-1-2 is a chain (0 and 2 never compared); 3-4-5-6 is over the size limit; 7-8 a pair.
    const links = [
      { left: 0, right: 1, probability: 0.9 },
      { left: 1, right: 2, probability: 0.8 },
      { left: 3, right: 4, probability: 0.9 },
      { left: 4, right: 5, probability: 0.9 },
      { left: 5, right: 6, probability: 0.9 },
      { left: 7, right: 8, probability: 0.9 },
      { left: 2, right: 7, probability: 0.2 },
    ];
    const compared = new Set(['0,1', '1,2', '3,4', '4,5', '5,6', '7,8', '2,7']);
    const made = pairsWithinClusters(9, null, links, 0.5, 3, (i, j) => compared.has(`${i},${j}`));
    expect(made).toEqual([0, 2]);
    expect(pairsWithinClusters(9, null, links, 0.5, 4, () => false).length / 2).toBe(3 + 6);
  });
  it('in a linkage, pairs within clusters run from the left list to the right one', () => {
    // Left 0 and 1 both link to right 0; right 1 links to left 1: left 0 × right 1 is new.
    const links = [
      { left: 0, right: 0, probability: 0.9 },
      { left: 1, right: 0, probability: 0.9 },
      { left: 1, right: 1, probability: 0.9 },
    ];
    const compared = new Set(['0,0', '1,0', '1,1']);
    expect(pairsWithinClusters(2, 2, links, 0.5, 10, (i, j) => compared.has(`${i},${j}`))).toEqual([0, 1]);
  });
});
