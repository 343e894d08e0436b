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

/**
 * Iterative blocking: pairs that no rule generated but that sit in one small cluster of the
 * links at or above `threshold` (record a links to b, b to c, but a and c were never
 * compared). Each such pair is returned once, flat (i, j, i, j, …), i from the left list and
 * j from the right (or i < j in a dedupe), for the caller to compare and score on its own
 * evidence, so a transitive link is never assumed, only looked at. Clusters over `maxSize`
 * records are left alone: their pairs grow with the square of the size, and a large cluster
 * is more often a chain of doubtful links than one person.
 *
 * `leftSize` records on the left; in a linkage the right records follow them (index
 * leftSize + j); `right` says whether there is a right list. `compared(i, j)` tells pairs
 * already scored.
 */
export function pairsWithinClusters(
  leftSize: number,
  rightSize: number | null,
  links: readonly Link[],
  threshold: number,
  maxSize: number,
  compared: (i: number, j: number) => boolean,
): number[] {
  const size = leftSize + (rightSize ?? 0);
  const shifted = rightSize === null ? links : links.map((l) => ({ ...l, right: l.right + leftSize }));
  const ids = clusters(size, shifted, threshold);
  const members = new Map<number, number[]>();
  for (let i = 0; i < size; i++) {
    const c = ids[i]!;
    const list = members.get(c);
    if (list) list.push(i);
    else members.set(c, [i]);
  }
  const made: number[] = [];
  for (const list of members.values()) {
    if (list.length < 3 || list.length > maxSize) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        let i = list[x]!;
        let j = list[y]!;
        if (rightSize !== null) {
          // Members are sorted, so a left record comes before a right one.
          if (i >= leftSize || j < leftSize) continue;
          j -= leftSize;
        } else if (i > j) [i, j] = [j, i];
        if (!compared(i, j)) made.push(i, j);
      }
    }
  }
  return made;
}
