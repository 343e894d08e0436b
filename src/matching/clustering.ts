/**
 * From pairwise links to decisions. Dedupe: the links at or above the threshold join records
 * into persons, strongest first, and two clusters join only with links from at least half
 * the smaller one's records, so one doubtful link does not chain two persons into one (a
 * transitive link can still join two records no rule compared). Linkage between two sources that each hold a person once: a one-to-one assignment, best
 * pair first, so one record never links to two.
 */

export interface Link {
  left: number;
  right: number;
  probability: number;
}

/**
 * Cluster id per record (the smallest record index in its cluster). Links are taken
 * strongest first; two clusters join only when the links between them make up at least
 * `minLinkShare` of the smaller cluster's records (default one half): one doubtful link
 * between two well-formed clusters does not chain them into one person, while a record
 * joining a cluster needs one link per record it meets. With `minLinkShare` 0 it is plain
 * connected components.
 */
export function clusters(
  size: number,
  links: readonly Link[],
  threshold: number,
  minLinkShare = 0.5,
): Int32Array {
  const parent = new Int32Array(size);
  const members = new Int32Array(size).fill(1);
  for (let i = 0; i < size; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const kept = links.filter((l) => l.probability >= threshold);
  kept.sort((a, b) => b.probability - a.probability);
  // Adjacency of the kept links (compressed rows), to count links between two clusters.
  const start = new Int32Array(size + 1);
  for (const l of kept) {
    start[l.left + 1]!++;
    start[l.right + 1]!++;
  }
  for (let i = 0; i < size; i++) start[i + 1]! += start[i]!;
  const adjacent = new Int32Array(start[size]!);
  const fill = start.slice(0, size);
  for (const l of kept) {
    adjacent[fill[l.left]!++] = l.right;
    adjacent[fill[l.right]!++] = l.left;
  }
  // Records of each cluster, as linked lists threaded through `next` (root = head).
  const next = new Int32Array(size).fill(-1);
  const tail = new Int32Array(size);
  for (let i = 0; i < size; i++) tail[i] = i;
  for (const l of kept) {
    const a = find(l.left);
    const b = find(l.right);
    if (a === b) continue;
    const [small, big] = members[a]! <= members[b]! ? [a, b] : [b, a];
    if (minLinkShare > 0 && members[small]! > 1) {
      let between = 0;
      for (let i = small; i !== -1; i = next[i]!) {
        for (let x = start[i]!; x < start[i + 1]!; x++) if (find(adjacent[x]!) === big) between++;
      }
      if (between < minLinkShare * members[small]!) continue;
    }
    const root = Math.min(a, b);
    const child = root === a ? b : a;
    parent[child] = root;
    members[root] = members[a]! + members[b]!;
    // Append the child's list to the root's.
    next[tail[root]!] = child;
    tail[root] = tail[child]!;
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
