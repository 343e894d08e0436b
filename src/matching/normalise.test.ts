import { describe, expect, it } from 'vitest';
import {
  fold,
  givenNameAliases,
  nameKey,
  nameTokens,
  normaliseDate,
  normaliseRecord,
  properTokens,
  soundKey,
} from './normalise.ts';

describe('normalisation', () => {
  it('folds case, accents and punctuation', () => {
    expect(fold('  GARCÍA-López ')).toBe('garcia lopez');
    expect(fold("O'Brien")).toBe('obrien');
    expect(fold('Straße Ørsted')).toBe('strasse orsted');
  });
  it('drops particles, titles and suffixes unless nothing else is left', () => {
    expect(nameTokens('de la Cruz')).toEqual(['cruz']);
    expect(nameTokens('van der Berg Jr.')).toEqual(['berg']);
    expect(nameTokens('Le')).toEqual(['le']);
  });
  it('maps nicknames and transliterations to one key', () => {
    expect(nameKey('bob')).toBe(nameKey('robert'));
    expect(nameKey('pepe')).toBe(nameKey('jose'));
    expect(nameKey('mohamed')).toBe(nameKey('muhammad'));
    expect(nameKey('yusuf')).toBe(nameKey('youssef'));
    expect(nameKey('philip')).toBe(nameKey('filip'));
    expect(nameKey('smith')).not.toBe(nameKey('jones'));
  });
  it('reads ISO, YYYYMMDD and MM/DD/YYYY dates', () => {
    expect(normaliseDate('1985-03-07')).toBe('19850307');
    expect(normaliseDate('1985-3-7T00:00:00Z')).toBe('19850307');
    expect(normaliseDate('19850307')).toBe('19850307');
    expect(normaliseDate('03/07/1985')).toBe('19850307');
    expect(normaliseDate('13/45/1985')).toBe('');
    expect(normaliseDate('unknown')).toBe('');
  });
  it('splits a full name when no split names are given, keeping compound surname parts', () => {
    const r = normaliseRecord({ id: '1', full_name: 'María García López' });
    expect(r.first).toBe('maria');
    expect(r.last).toBe('garcialopez');
    expect(r.lastTokens).toEqual(['garcia', 'lopez']);
    const comma = normaliseRecord({ id: '2', full_name: 'Smith, John Paul' });
    expect([comma.first, comma.middle, comma.last]).toEqual(['john', 'paul', 'smith']);
  });
  it('normalises identifiers and drops placeholders', () => {
    const r = normaliseRecord({
      id: '1',
      a_number: 'A 012-345-678',
      ssn: '000-00-0000',
      phone: '(555) 123-4567',
    });
    expect(r.aNumber).toBe('012345678');
    expect(r.ssn).toBe('');
    expect(r.phone).toBe('5551234567');
    expect(normaliseRecord({ id: '2', a_number: 'A12345678' }).aNumber).toBe('012345678');
  });
  it('gives names that differ in vowels or doubled letters one sound key', () => {
    expect(soundKey('kerr')).toBe(soundKey('carr'));
    expect(soundKey('fergusin')).toBe(soundKey('ferguson'));
    expect(soundKey('smith')).not.toBe(soundKey('jones'));
  });
  it('reads titles alone as no name, and given-name initials as the first initial', () => {
    expect(properTokens('Sir')).toEqual([]);
    expect(properTokens('2nd')).toEqual([]);
    expect(properTokens('Sir Walter')).toEqual(['walter']);
    const r = normaliseRecord({
      id: 'a',
      first_name: 'Hon.',
      last_name: 'Bruce',
      full_name: 'Hon. William Bruce',
    });
    expect([r.first, r.last]).toEqual(['william', 'bruce']);
    // A comma followed by titles only is no `Last, First` comma.
    const p = normaliseRecord({ id: 'b', full_name: 'Charles Perceval, 9th Earl' });
    expect([p.first, p.last]).toEqual(['charles', 'perceval']);
    expect(normaliseRecord({ id: 'c', full_name: 'Sir Baronet' }).first).toBe('');
    expect(normaliseRecord({ id: 'd', first_name: 'T. N.', last_name: 'Longman' }).first).toBe('t');
  });
  it('finds given-name aliases across tables, a name in several groups', () => {
    expect(givenNameAliases('ivan', 'john')).toBe(true);
    expect(givenNameAliases('harry', 'harold')).toBe(true);
    expect(givenNameAliases('harry', 'henry')).toBe(true);
    expect(givenNameAliases('henry', 'harold')).toBe(false);
    expect(givenNameAliases('zbigniew', 'john')).toBe(false);
  });
});
