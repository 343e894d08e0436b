import { describe, expect, it } from 'vitest';
import { type BlockingRule, candidatePairs } from './blocking.ts';
import { normaliseRecord } from './normalise.ts';

const people = [
  { id: '0', first_name: 'Ana', last_name: 'Ruiz', dob: '1990-01-02' },
  { id: '1', first_name: 'Ana', last_name: 'Ruiz', dob: '1990-01-02' },
  { id: '2', first_name: 'Ana', last_name: 'Ruis', dob: '1990-01-02' },
  { id: '3', first_name: 'Bo', last_name: 'Ng', dob: '1970-05-05' },
  { id: '4', first_name: 'Bo', last_name: 'Ng', dob: '' },
].map(normaliseRecord);

const byDob: BlockingRule = { name: 'dob', roles: ['dob'], keys: (r) => [r.dob] };
const byLast: BlockingRule = { name: 'last', roles: ['last_name'], keys: (r) => [r.last] };

const pairsOf = (c: ReturnType<typeof candidatePairs>) =>
  Array.from({ length: c.length }, (_, p) => `${c.left[p]}-${c.right[p]}`).sort();

describe('blocking', () => {
  it('generates each pair once, under the first rule that finds it, and reports per rule', () => {
    const c = candidatePairs(people, null, [byDob, byLast]);
    expect(pairsOf(c)).toEqual(['0-1', '0-2', '1-2', '3-4']);
    expect(c.report).toEqual([
      { rule: 'dob', pairs: 3, skipped: 0 },
      { rule: 'last', pairs: 1, skipped: 0 },
    ]);
  });
  it('links across two lists', () => {
    const c = candidatePairs(people.slice(0, 2), people.slice(2), [byDob, byLast]);
    expect(pairsOf(c)).toEqual(['0-0', '1-0']);
  });
  it('skips oversize blocks and reports them, letting a later rule still find the pair', () => {
    const c = candidatePairs(people, null, [byDob, byLast], { maxBlockSize: 2 });
    expect(c.report[0]).toEqual({ rule: 'dob', pairs: 0, skipped: 3 });
    expect(pairsOf(c)).toEqual(['0-1', '3-4']);
  });
  it('makes a pair that shares an ordinary key even when its first shared key is oversize', () => {
    const twoKeys: BlockingRule = { name: 'dob or last', roles: ['dob'], keys: (r) => [r.dob, r.last] };
    // Records 0 and 1 share an oversize date block and an ordinary family-name block.
    const c = candidatePairs(people, null, [twoKeys], { maxBlockSize: 2 });
    expect(pairsOf(c)).toEqual(['0-1', '3-4']);
    const wide = candidatePairs(people, null, [twoKeys], { maxBlockSize: 3 });
    expect(pairsOf(wide)).toEqual(['0-1', '0-2', '1-2', '3-4']);
  });
  it('compares an oversize block by sorted neighbourhood around the records it rescues', () => {
    const crowd = ['Adams', 'Baker', 'Clark', 'Davis', 'Evans', 'Fox', 'Gray', 'Hill'].map((last, i) =>
      normaliseRecord({ id: String(i), first_name: 'John', last_name: last, dob: '1980-01-01' }),
    );
    // A sparse record (no date of birth) whose family name is misspelt: it sorts beside Davis.
    crowd.push(normaliseRecord({ id: '8', first_name: 'John', last_name: 'Daviss' }));
    const byGiven: BlockingRule = {
      name: 'given',
      roles: ['first_name'],
      keys: (r) => [r.first],
      maxBlockSize: 3,
      neighbours: { window: 1, maxBlockSize: 100, sortKey: (r) => r.last, rescues: (r) => !r.dob },
    };
    const c = candidatePairs(crowd, null, [byGiven]);
    expect(pairsOf(c)).toEqual(['3-8', '4-8']);
    expect(c.report[0]!.pairs).toBe(2);
  });
  it('runs rescue rules only on inputs up to the record limit', () => {
    const rescue: BlockingRule = { ...byDob, rescue: true };
    expect(candidatePairs(people, null, [rescue]).length).toBe(3);
    const c = candidatePairs(people, null, [rescue, byLast], { maxRecordsForRescue: 4 });
    expect(pairsOf(c)).toEqual(['0-1', '3-4']);
    expect(c.report[0]).toEqual({ rule: 'dob', pairs: 0, skipped: 0 });
  });
});
