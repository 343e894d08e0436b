import { describe, expect, it } from 'vitest';
import { alignNames, COMPARISONS, comparisonsFor, NULL_LEVEL, namesSwapped } from './comparisons.ts';
import { normaliseRecord } from './normalise.ts';
import type { PersonRecord } from './roles.ts';

const byName = (name: string) => COMPARISONS.find((c) => c.name === name)!;
const level = (name: string, a: Omit<PersonRecord, 'id'>, b: Omit<PersonRecord, 'id'>) => {
  const x = normaliseRecord({ id: 'a', ...a });
  const y = normaliseRecord({ id: 'b', ...b });
  const c = byName(name);
  return c.levels[c.compare(x, y, namesSwapped(x, y))] ?? 'missing';
};

describe('comparators', () => {
  it('grades given names: exact, alias, fuzzy, initial, different', () => {
    expect(level('first_name', { first_name: 'José' }, { first_name: 'jose' })).toBe('exact');
    expect(level('first_name', { first_name: 'Bob' }, { first_name: 'Robert' })).toMatch(/^alias/);
    expect(level('first_name', { first_name: 'Jonathon' }, { first_name: 'Jonathan' })).toBe('JW ≥ 0.92');
    expect(level('first_name', { first_name: 'J' }, { first_name: 'John' })).toBe('initial');
    expect(level('first_name', { first_name: 'Maria' }, { first_name: 'Kevin' })).toBe('different');
    expect(level('first_name', { first_name: '' }, { first_name: 'Kevin' })).toBe('missing');
  });
  it('grades short forms and cross-language forms of given names, not unrelated names', () => {
    // Short forms the nickname table does not list: a pet-name stem that begins the full name.
    expect(level('first_name', { first_name: 'Ricki' }, { first_name: 'Richard' })).toMatch(/^short form/);
    expect(level('first_name', { first_name: 'Norrie' }, { first_name: 'Norman' })).toMatch(/^short form/);
    expect(level('first_name', { first_name: 'Gus' }, { first_name: 'Fergus' })).toMatch(/^short form/);
    // An alias of a misspelt full form.
    expect(level('first_name', { first_name: 'Frank' }, { first_name: 'Frabcis' })).toMatch(/^short form/);
    // Cross-language forms and names in several groups (Harry is Henry's and Harold's).
    expect(level('first_name', { first_name: 'Jean' }, { first_name: 'John' })).toMatch(/^alias/);
    expect(level('first_name', { first_name: 'Harry' }, { first_name: 'Harold' })).toMatch(/^alias/);
    expect(level('first_name', { first_name: 'Harry' }, { first_name: 'Henry' })).toMatch(/^alias/);
    expect(level('first_name', { first_name: 'Al' }, { first_name: 'Albert' })).toMatch(/^alias/);
    expect(level('first_name', { first_name: 'Ana' }, { first_name: 'Wolfgang' })).toBe('different');
    expect(level('first_name', { first_name: 'Henry' }, { first_name: 'Harold' })).toBe('different');
  });
  it('reads a title in the given-name field as no given name, taking the name from the full name', () => {
    expect(
      level(
        'first_name',
        { first_name: 'Sir', last_name: 'Bowles', full_name: 'Sir Harold Bowles' },
        { first_name: 'Harold', last_name: 'Bowles' },
      ),
    ).toBe('exact');
    expect(
      level('first_name', { first_name: 'Mrs.', last_name: 'Clifford' }, { first_name: 'Lucille' }),
    ).toBe('missing');
  });
  it('finds a family name the other record holds as a middle name of its full name', () => {
    expect(
      level(
        'last_name',
        { first_name: 'James', last_name: 'Hanauer', full_name: 'James Eddy Hanauer' },
        { first_name: 'Jacob', last_name: 'Eddy' },
      ),
    ).toBe('compound part shared');
  });
  it('compares a lone name in the slot where the other record has it', () => {
    const lone = normaliseRecord({ id: 'a', first_name: 'Egerton' });
    const full = normaliseRecord({ id: 'b', first_name: 'Julius', last_name: 'Egerton' });
    for (const [x, y] of [alignNames(lone, full), alignNames(full, lone).reverse()]) {
      expect(byName('last_name').compare(x!, y!, false)).toBe(0);
      expect(byName('first_name').compare(x!, y!, false)).toBe(NULL_LEVEL);
      expect(x!.id).toBe('a');
    }
    // A lone given name that is a given name stays where it is.
    const given = normaliseRecord({ id: 'c', first_name: 'Julius' });
    expect(alignNames(given, full)).toEqual([given, full]);
    // Two records with both names are never realigned.
    expect(alignNames(full, full)).toEqual([full, full]);
  });
  it('finds compound surnames split or shortened', () => {
    expect(level('last_name', { last_name: 'García López' }, { last_name: 'Lopez' })).toBe(
      'compound part shared',
    );
    expect(level('last_name', { last_name: 'García López' }, { last_name: 'garcia-lopez' })).toBe('exact');
    expect(level('last_name', { last_name: 'de la Cruz' }, { last_name: 'Cruz' })).toBe('exact');
  });
  it('compares given and family names crosswise when they were swapped', () => {
    const a = normaliseRecord({ id: 'a', first_name: 'Nguyen', last_name: 'Van Thanh' });
    const b = normaliseRecord({ id: 'b', first_name: 'Thanh', last_name: 'Nguyen' });
    expect(namesSwapped(a, b)).toBe(true);
    expect(
      level(
        'first_name',
        { first_name: 'Wei', last_name: 'Zhang' },
        { first_name: 'Zhang', last_name: 'Wei' },
      ),
    ).toBe('exact');
    expect(
      level(
        'last_name',
        { first_name: 'Wei', last_name: 'Zhang' },
        { first_name: 'Zhang', last_name: 'Wei' },
      ),
    ).toBe('exact');
  });
  it('grades dates of birth: exact, transposed, one edit, same year', () => {
    expect(level('dob', { dob: '1985-03-07' }, { dob: '03/07/1985' })).toBe('exact');
    expect(level('dob', { dob: '1985-03-07' }, { dob: '1985-07-03' })).toBe('day and month transposed');
    expect(level('dob', { dob: '1985-03-07' }, { dob: '1985-03-08' })).toBe('one edit');
    expect(level('dob', { dob: '1985-03-07' }, { dob: '1985-03-28' })).toBe('same year and month');
    expect(level('dob', { dob: '1985-03-07' }, { dob: '1985-11-28' })).toBe('same year');
    expect(level('dob', { dob: '1985-03-07' }, { dob: '1962-11-28' })).toBe('different');
  });
  it('tolerates one typed digit in numeric identifiers, not in FBI numbers', () => {
    expect(level('a_number', { a_number: 'A012345678' }, { a_number: '012345678' })).toBe('exact');
    expect(level('a_number', { a_number: '012345678' }, { a_number: '012345687' })).toBe('one edit');
    expect(level('ssn', { ssn: '123-45-6789' }, { ssn: '987-65-4321' })).toBe('different');
    expect(level('fbi_number', { fbi_number: '123456AB7' }, { fbi_number: '123456AB8' })).toBe('different');
  });
  it('uses only the comparisons whose roles carry data', () => {
    const names = comparisonsFor(new Set(['first_name', 'dob'])).map((c) => c.name);
    expect(names).toEqual(['first_name', 'dob']);
    expect(comparisonsFor(new Set(['full_name'])).map((c) => c.name)).not.toContain('full_name');
    expect(byName('sex').compare(normaliseRecord({ id: 'a' }), normaliseRecord({ id: 'b' }), false)).toBe(
      NULL_LEVEL,
    );
  });
});
