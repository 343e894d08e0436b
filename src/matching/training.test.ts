import { describe, expect, it } from 'vitest';
import { linkRecords } from './linker.ts';
import { monotone } from './model.ts';
import { syntheticPeople } from './synthetic.ts';

/** True matching pairs in a synthetic list: persons with k records hold k(k-1)/2. */
function truePairs(records: { truth: string }[]): number {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.truth, (counts.get(r.truth) ?? 0) + 1);
  return [...counts.values()].reduce((s, c) => s + (c * (c - 1)) / 2, 0);
}

describe('training', () => {
  it('estimates the prior from the sessions, allowing for keys that are missing', () => {
    // Half the dates of birth and a third of the family names gone: a prior that took every
    // match to carry the session keys would fall far short.
    const people = syntheticPeople(6000, 7).map((p, i) => ({
      ...p,
      dob: i % 2 ? '' : p.dob,
      last_name: i % 3 ? p.last_name : '',
    }));
    const { model, left } = linkRecords(people, null, { maxClusterForPairs: 0 });
    const possible = (left.length * (left.length - 1)) / 2;
    const estimated = model.params.lambda * possible;
    const truth = truePairs(people);
    expect(estimated).toBeGreaterThan(truth / 1.6);
    expect(estimated).toBeLessThan(truth * 1.6);
  });
  it('never weighs an agreement level below full disagreement', () => {
    expect(monotone([6.8, 4.3, -11.2, -1.8])).toEqual([6.8, 4.3, -1.8, -1.8]);
    expect(monotone([3, -1])).toEqual([3, -1]);
  });
});
