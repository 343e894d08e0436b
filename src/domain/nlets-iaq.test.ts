import { describe, expect, it } from 'vitest';
import {
  buildIaq,
  formatIaqName,
  type IaqInput,
  type IaqResult,
  lookupPlaceOfBirth,
  NCIC_PLACES_OF_BIRTH,
  normaliseANumber,
  parseIaqDate,
  placeOfBirthForIso,
} from './nlets-iaq.ts';

const valid: IaqInput = {
  ori: 'NC0920000',
  purpose: 'C',
  attention: 'Ofc R Vance',
  phone: '(919) 555-0142',
  name: { last: 'Dalvora', first: 'Mirel', middle: 'Tosan' },
  dob: '1988-03-14',
  sex: 'M',
  placeOfBirth: 'MM',
  inCustody: true,
  offense: '5404',
};

const errorsOf = (r: IaqResult) => (r.ok ? [] : r.errors);
const fieldsOf = (r: IaqResult) => errorsOf(r).map((e) => e.field);

describe('buildIaq: refusals, one rule at a time', () => {
  it.each([
    ['ori', { ori: 'NC092000' }],
    ['ori', { ori: '1C0920000' }],
    ['ori', { ori: 'NC09200001' }],
    ['purpose', { purpose: 'D' }],
    ['purpose', { purpose: '' }],
    ['attention', { attention: '' }],
    ['attention', { attention: 'A'.repeat(31) }],
    ['attention', { attention: 'SGT. SMITH' }],
    ['phone', { phone: '555-0142' }],
    ['phone', { phone: '919 555 01420' }],
    ['dob', { dob: '14/03/1988' }],
    ['dob', { dob: '1988-02-30' }],
    ['dob', { dob: '880314' }],
    ['dob', { dob: '1899-12-31' }],
    ['sex', { sex: 'X' }],
    ['sex', { sex: 'male' }],
    ['placeOfBirth', { placeOfBirth: 'ZZ' }],
    ['offense', { offense: '9999' }],
    ['offense', { offense: '' }],
    ['aNumber', { aNumber: 'A1234567' }],
    ['aNumber', { aNumber: '1234567890' }],
    ['aNumber', { aNumber: 'B12345678' }],
    ['fbiNumber', { fbiNumber: '1234567890' }],
    ['fbiNumber', { fbiNumber: 'ABCDEF' }],
    ['name', { name: { last: '', first: 'Mirel' } }],
    ['name', { name: { last: 'Dalvora', first: ' ' } }],
    ['name', { name: { last: 'Dalv0ra', first: 'Mirel' } }],
  ] as const)('refuses %s: %j', (field, change) => {
    const r = buildIaq({ ...valid, ...change } as IaqInput);
    expect(r.ok).toBe(false);
    expect(fieldsOf(r)).toEqual([field]);
    expect(errorsOf(r)[0]?.message).toMatch(/\S/);
  });

  it('refuses a name over 30 characters and points to formatIaqName, never truncating', () => {
    const r = buildIaq({
      ...valid,
      name: { last: 'Vandermolen-Aschenbrook', first: 'Christabel', middle: 'Anne' },
    });
    expect(fieldsOf(r)).toEqual(['name']);
    expect(errorsOf(r)[0]?.message).toMatch(/at most 30.*formatIaqName/);
  });

  it('refuses a date of birth after the injected today', () => {
    expect(fieldsOf(buildIaq({ ...valid, dob: '2026-05-02' }, { today: '2026-05-01' }))).toEqual(['dob']);
    expect(buildIaq({ ...valid, dob: '2026-05-01' }, { today: '2026-05-01' }).ok).toBe(true);
  });

  it('reports every problem at once', () => {
    const r = buildIaq({ ...valid, purpose: 'Z', sex: 'Q', offense: '0000' });
    expect(fieldsOf(r).sort()).toEqual(['offense', 'purpose', 'sex']);
  });
});

describe('buildIaq: a valid query', () => {
  it('emits every field in its Nlets form and the legacy text', () => {
    const r = buildIaq({ ...valid, aNumber: 'A-012-345-678', fbiNumber: '123456ab1' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.iaq).toEqual({
      messageType: 'IAQ',
      ori: 'NC0920000',
      destination: 'AX',
      purpose: 'C',
      attention: 'OFC R VANCE',
      phone: '919-555-0142',
      name: 'DALVORA,MIREL TOSAN',
      dob: '19880314',
      sex: 'M',
      placeOfBirth: 'MM',
      custody: 'Y',
      offense: '5404',
      aNumber: '012345678',
      fbiNumber: '123456AB1',
      text:
        'IAQ.NC0920000.AX.TXT\n' +
        'PUR/C.ATN/OFC R VANCE.PHN/919-555-0142.NAM/DALVORA,MIREL TOSAN.DOB/19880314.SEX/M.POB/MM.CUS/Y.OFF/5404.ARN/012345678.FBI/123456AB1',
    });
  });

  it('accepts the three date forms, purpose F, no custody, the generic offense 0399 and no middle name', () => {
    for (const dob of ['1988-03-14', '19880314', '03/14/1988']) {
      const r = buildIaq({ ...valid, dob });
      expect(r.ok && r.iaq.dob).toBe('19880314');
    }
    const r = buildIaq({
      ...valid,
      purpose: 'f',
      inCustody: false,
      offense: '0399',
      name: { last: "O'Neal", first: 'José' },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.iaq).toMatchObject({ purpose: 'F', custody: 'N', offense: '0399', name: 'ONEAL,JOSE' });
    expect(r.iaq.text).not.toMatch(/ARN\/|FBI\//);
    expect(r.iaq.text.endsWith('OFF/0399')).toBe(true);
  });

  it('accepts an 8-digit A-number with or without the A', () => {
    expect(normaliseANumber('12345678')).toBe('12345678');
    expect(normaliseANumber('a12345678')).toBe('12345678');
    expect(normaliseANumber('A 123 456 789')).toBe('123456789');
    expect(normaliseANumber('A12-34')).toBeNull();
  });
});

describe('formatIaqName', () => {
  it('keeps a name that fits', () => {
    expect(formatIaqName({ last: 'Dalvora', first: 'Mirel', middle: 'Tosan' })).toEqual({
      ok: true,
      name: 'DALVORA,MIREL TOSAN',
    });
  });

  it('abbreviates the middle name first, then the first name', () => {
    const middle = formatIaqName({ last: 'Vandermolen-Asch', first: 'Christabel', middle: 'Annemarie' });
    expect(middle).toEqual({ ok: true, name: 'VANDERMOLEN-ASCH,CHRISTABEL A' });
    const first = formatIaqName({ last: 'Vandermolen-Aschenbrook', first: 'Christabel', middle: 'Anne' });
    expect(first).toEqual({ ok: true, name: 'VANDERMOLEN-ASCHENBROOK,C A' });
    for (const r of [middle, first]) expect(r.ok && r.name.length).toBeLessThanOrEqual(30);
  });

  it('refuses when even initials do not fit, and refuses bad characters', () => {
    expect(formatIaqName({ last: 'X'.repeat(28), first: 'Ann', middle: 'Bea' }).ok).toBe(false);
    expect(formatIaqName({ last: 'Smith2', first: 'Ann' }).ok).toBe(false);
  });
});

describe('reference tables', () => {
  it('parses dates strictly', () => {
    expect(parseIaqDate('02/29/2024')).toBe('2024-02-29');
    expect(parseIaqDate('02/29/2023')).toBeNull();
    expect(parseIaqDate('2024-2-9')).toBeNull();
  });

  it('has every US state and unique codes, with ISO mappings for countries', () => {
    const codes = NCIC_PLACES_OF_BIRTH.map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(NCIC_PLACES_OF_BIRTH.filter((p) => p.kind === 'us_state')).toHaveLength(51);
    expect(lookupPlaceOfBirth('tx')?.name).toBe('Texas');
    expect(placeOfBirthForIso('MX')?.code).toBe('MM');
    for (const p of NCIC_PLACES_OF_BIRTH.filter((x) => x.kind === 'country'))
      expect(p.iso, p.code).toMatch(/^[A-Z]{2}$/);
  });
});
