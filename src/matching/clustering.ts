/**
 * From pairwise links to decisions. Dedupe: connected components of the links at or above
 * the threshold are persons (a transitive link can join two records no rule compared).
 * Linkage between two sources that each hold a person once: a one-to-one assignment, best
 * pair first, so one record never links to two.
 */

export interface Link {
  left: number;
  right: number;
  probability: number;
}

/** Cluster id per record (the smallest record index in its cluster). */
export function clusters(size: number, links: readonly Link[], threshold: number): Int32Array {
  const parent = new Int32Array(size);
  for (let i = 0; i < size; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (const l of links) {
    if (l.probability < threshold) continue;
    const a = find(l.left);
    const b = find(l.right);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  for (let i = 0; i < size; i++) parent[i] = find(i);
  return parent;
}

/** Greedy one-to-one assignment: links by falling probability, each record used at most once. */
export function oneToOne<T extends Link>(links: readonly T[], threshold: number): T[] {
  const usedLeft = new Set<number>();
  const usedRight = new Set<number>();
  const kept: T[] = [];
  for (const l of [...links].sort((a, b) => b.probability - a.probability)) {
    if (l.probability < threshold || usedLeft.has(l.left) || usedRight.has(l.right)) continue;
    usedLeft.add(l.left);
    usedRight.add(l.right);
    kept.push(l);
  }
  return kept;
}
