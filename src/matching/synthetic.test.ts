import { describe, expect, it } from 'vitest';
import { syntheticPeople } from './synthetic.ts';

describe('synthetic people', () => {
  it('is reproducible from its seed and holds duplicates of the same person', () => {
    const a = syntheticPeople(2000, 5);
    expect(syntheticPeople(2000, 5)).toEqual(a);
    expect(syntheticPeople(2000, 6)).not.toEqual(a);
    expect(a).toHaveLength(2000);
    const persons = new Set(a.map((r) => r.truth));
    expect(persons.size).toBeLessThan(1900);
    expect(persons.size).toBeGreaterThan(1000);
  });
});
