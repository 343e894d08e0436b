import { describe, expect, it } from 'vitest';
import { CONSULAR_LISTS, consularNotification, mandatoryNotificationCodes } from './consular.ts';

describe('consularNotification', () => {
  it('refuses a malformed code and an unknown list version', () => {
    expect(() => consularNotification('Mexico')).toThrow(RangeError);
    expect(() => consularNotification('M1')).toThrow(RangeError);
    expect(() => consularNotification('CN', '1999')).toThrow(/unknown consular notification list version/);
  });

  it('asks for nationality to be established when it is not known', () => {
    for (const n of [null, '', '  ']) {
      const r = consularNotification(n);
      expect(r.mandatory).toBe(false);
      expect(r.rule).toMatch(/Nationality not established/);
    }
  });

  it('does not apply to a United States national', () => {
    expect(consularNotification('US').rule).toMatch(/does not apply/);
  });

  it('requires notification for a listed country, whatever the subject wants', () => {
    const r = consularNotification('ng');
    expect(r).toMatchObject({ mandatory: true, listVersion: '2007' });
    expect(r.rule).toMatch(/Nigeria .*even if the subject objects/);
  });

  it('applies the 2007 amendment: Algeria, Tunisia, Zimbabwe in; Albania, South Korea out', () => {
    for (const c of ['DZ', 'TN', 'ZW']) expect(consularNotification(c).mandatory, c).toBe(true);
    for (const c of ['AL', 'KR']) expect(consularNotification(c).mandatory, c).toBe(false);
  });

  it('covers Hong Kong and Macao under China and the UK territories under the United Kingdom', () => {
    expect(consularNotification('HK').rule).toMatch(/Hong Kong \(covered under China\)/);
    expect(consularNotification('MO').mandatory).toBe(true);
    expect(consularNotification('BM').rule).toMatch(/covered under United Kingdom/);
  });

  it('advises of the right only, for a country not on the list', () => {
    const r = consularNotification('MX');
    expect(r.mandatory).toBe(false);
    expect(r.rule).toMatch(/only if the subject asks/);
  });

  it('applies the Poland condition: not mandatory for a lawful permanent resident', () => {
    expect(consularNotification('PL', '2007', { lawfulPermanentResident: true }).mandatory).toBe(false);
    expect(consularNotification('PL', '2007', { lawfulPermanentResident: false }).mandatory).toBe(true);
    const unknown = consularNotification('PL');
    expect(unknown.mandatory).toBe(true);
    expect(unknown.rule).toMatch(/not established/);
  });

  it('lists the codes of a version, each unique', () => {
    const codes = mandatoryNotificationCodes('2007');
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toContain('CN');
    expect(CONSULAR_LISTS['2007']?.countries.length).toBe(56);
  });
});
