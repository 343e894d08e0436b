import { describe, expect, it } from 'vitest';
import { candidatePairs, rulesFor } from './blocking.ts';
import { COMPARISONS, comparisonsFor, namesSwapped } from './comparisons.ts';
import { patternOf } from './fellegi-sunter.ts';
import { comparePairsHere, linkRecords, linkRecordsWith, rolesPresent } from './linker.ts';
import { normaliseRecord } from './normalise.ts';
import { encodeRecords, kernelSupports, PairKernel, PairMemo } from './pair-kernel.ts';
import type { PersonRecord } from './roles.ts';
import { syntheticPeople } from './synthetic.ts';

/** Synthetic people with every role filled somewhere, some missing, names now and then swapped or alone. */
function everyRole(count: number): PersonRecord[] {
  return syntheticPeople(count, 11).map((p, i) => ({
    ...p,
    middle_name: i % 3 ? ['ann', 'lee', 'jo', 'marie'][i % 4] : '',
    full_name: i % 5 === 0 ? `${p.first_name} ${['de la', 'van', 'ana'][i % 3]} ${p.last_name}` : '',
    first_name: i % 17 === 0 ? '' : p.first_name,
    street: i % 4 ? `${(i % 90) + 1} main st` : '',
    country_of_birth: i % 2 ? 'narnia' : 'utopia',
    fbi_number: i % 7 ? `F${i % 50}` : '',
    ssn: i % 6 ? String(100000000 + ((i * 7919) % 999)) : '',
    phone: i % 8 ? String(5550000000 + (i % 400)) : '',
  }));
}

describe('PairMemo', () => {
  it('misses before a value is stored, then returns it, across growth', () => {
    const memo = new PairMemo(4, 1 << 12);
    expect(memo.get(1, 2)).toBeUndefined();
    for (let x = 1; x <= 40; x++) memo.set(x, x + 1, x % 7);
    for (let x = 1; x <= 40; x++) expect(memo.get(x, x + 1)).toBe(x % 7);
    expect(memo.get(2, 1)).toBeUndefined();
  });

  it('stops storing at its bound instead of growing', () => {
    const memo = new PairMemo(4, 8);
    for (let x = 1; x <= 20; x++) memo.set(x, 1, 1);
    let stored = 0;
    for (let x = 1; x <= 20; x++) if (memo.get(x, 1) !== undefined) stored++;
    expect(stored).toBe(4);
  });
});

describe('pair kernel', () => {
  it('refuses a comparison it has no code for', () => {
    const custom = { ...COMPARISONS[0]!, name: 'custom' };
    expect(kernelSupports([custom])).toBe(false);
    const table = encodeRecords(comparisonsFor(new Set(['dob'])), [[]]);
    expect(() => new PairKernel({ ...table, comparisons: ['custom'] })).toThrow(/no kernel/);
  });

  it('gives every pair the pattern patternOf gives it, or NaN where the full records are needed', () => {
    const people = everyRole(2500);
    const roles = rolesPresent(people);
    const comparisons = comparisonsFor(roles);
    expect(comparisons.map((c) => c.name)).toEqual(COMPARISONS.map((c) => c.name));
    const records = people.map(normaliseRecord);
    const pairs = candidatePairs(records, null, rulesFor(roles));
    const kernel = new PairKernel(encodeRecords(comparisons, [records]));
    const out = new Float64Array(pairs.length);
    kernel.fill(pairs.left, pairs.right, 0, 0, pairs.length, out);
    // Twice: the second pass answers from the memos.
    const again = new Float64Array(pairs.length);
    kernel.fill(pairs.left, pairs.right, 0, 0, pairs.length, again);
    let left = 0;
    const wrong: number[] = [];
    for (let p = 0; p < pairs.length; p++) {
      const a = records[pairs.left[p]!]!;
      const b = records[pairs.right[p]!]!;
      if (!Object.is(again[p], out[p])) wrong.push(p);
      if (Number.isNaN(out[p]!)) left++;
      else if (namesSwapped(a, b) || out[p] !== patternOf(comparisons, a, b, false)) wrong.push(p);
    }
    expect(wrong).toEqual([]);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(pairs.length / 10);
  });

  it('links two lists in one index space, the right records after the left', () => {
    const people = everyRole(2000);
    const local = linkRecords(people.slice(0, 1000), people.slice(1000));
    const job = (count: number) => ({
      count,
      pairLeft: local.compared.left,
      pairRight: local.compared.right,
      rightOffset: 1000,
      table: () => encodeRecords(local.model.comparisons, [local.left, local.right!]),
    });
    const out = comparePairsHere(job(local.candidates));
    let wrong = 0;
    let compared = 0;
    for (let p = 0; p < local.candidates; p++) {
      if (Number.isNaN(out[p]!)) continue;
      const a = local.left[local.compared.left[p]!]!;
      const b = local.right![local.compared.right[p]!]!;
      compared++;
      if (out[p] !== patternOf(local.model.comparisons, a, b, false)) wrong++;
    }
    expect(wrong).toBe(0);
    expect(compared).toBeGreaterThan(local.candidates / 2);
  });

  it('gives linkRecordsWith the same pairs and probabilities as linkRecords', async () => {
    const people = everyRole(1500);
    const local = linkRecords(people, null);
    const elsewhere = await linkRecordsWith((job) => Promise.resolve(comparePairsHere(job)), people, null);
    expect(elsewhere.pairs).toEqual(local.pairs);
    expect(elsewhere.candidates).toBe(local.candidates);
    // Declining the job leaves it to this thread: the same again.
    const declined = await linkRecordsWith(() => null, people, null);
    expect(declined.pairs).toEqual(local.pairs);
  });
});
