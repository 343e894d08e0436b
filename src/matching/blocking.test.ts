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
});
