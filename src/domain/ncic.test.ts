import { describe, expect, it } from 'vitest';
import {
  isKnownNcicCode,
  lookupNcic,
  NCIC_CATEGORIES,
  NCIC_OFFENSES,
  NCIC_TABLE_VERSION,
  ncicCategory,
} from './ncic.ts';

describe('NCIC offense codes', () => {
  it('detects unknown, malformed and empty codes', () => {
    expect(lookupNcic('9999')).toBeNull();
    expect(isKnownNcicCode('9999')).toBe(false);
    expect(isKnownNcicCode('131')).toBe(false);
    expect(isKnownNcicCode('13140')).toBe(false);
    expect(isKnownNcicCode('13A4')).toBe(false);
    expect(isKnownNcicCode('')).toBe(false);
    expect(ncicCategory('abcd')).toBeNull();
    expect(ncicCategory('8801')).toBeNull();
  });

  it('looks up a code with its description and category', () => {
    expect(lookupNcic('1314')).toEqual({
      code: '1314',
      description: 'Aggravated assault - gun',
      category: { prefix: '13', name: 'Assault' },
    });
    expect(lookupNcic(' 5404 ')?.description).toBe('Driving under influence - liquor');
    expect(isKnownNcicCode('3563')).toBe(true);
  });

  it('names the category of any four-digit code with a known prefix, listed or not', () => {
    expect(ncicCategory('0999')).toEqual({ prefix: '09', name: 'Homicide' });
    expect(ncicCategory('4898')).toEqual({ prefix: '48', name: 'Obstructing police' });
  });

  it('covers every category the brief lists, with at least 150 codes, each under a category', () => {
    const prefixes = new Set(NCIC_CATEGORIES.map((c) => c.prefix));
    for (const p of ['09', '10', '11', '12', '13', '22', '23', '24', '26', '29', '35', '36', '48', '50'])
      expect(prefixes.has(p), p).toBe(true);
    for (const p of ['52', '53', '54', '57', '70', '73']) expect(prefixes.has(p), p).toBe(true);
    expect(NCIC_OFFENSES.length).toBeGreaterThanOrEqual(150);
    for (const o of NCIC_OFFENSES) expect(o.code.slice(0, 2)).toBe(o.category.prefix);
    expect(NCIC_TABLE_VERSION).toMatch(/\S/);
  });

  it('has the general code of every category, and 0399 for the IAQ without an offense', () => {
    for (const c of NCIC_CATEGORIES) expect(isKnownNcicCode(`${c.prefix}99`), c.prefix).toBe(true);
    expect(lookupNcic('0399')?.category.name).toBe('Immigration');
  });
});
