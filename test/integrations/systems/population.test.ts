import { describe, expect, it } from 'vitest';
import { isKnownNcicCode } from '../../../src/domain/ncic.ts';
import { lookupPlaceOfBirth } from '../../../src/domain/nlets-iaq.ts';
import {
  ageOn,
  DEFAULT_POPULATION_SIZE,
  generatePopulation,
  IMMIGRATION_STATUSES,
} from '../../../src/integrations/systems/population.ts';
import { canonicalJson } from '../../../src/integrations/systems/random.ts';

const population = generatePopulation({ seed: 11 });
const persons = population.persons;

describe('synthetic population', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(canonicalJson(generatePopulation({ seed: 11, size: 300 }))).toBe(
      canonicalJson(generatePopulation({ seed: 11, size: 300 })),
    );
    expect(canonicalJson(generatePopulation({ seed: 12, size: 300 }).persons)).not.toBe(
      canonicalJson(generatePopulation({ seed: 11, size: 300 }).persons),
    );
  });

  it('has the default size and every status', () => {
    expect(persons).toHaveLength(DEFAULT_POPULATION_SIZE);
    for (const s of IMMIGRATION_STATUSES)
      expect(persons.filter((p) => p.status === s).length, s).toBeGreaterThan(50);
  });

  it('includes subjects under 18, with no convictions', () => {
    const minors = persons.filter((p) => ageOn(p.dob, population.referenceDate) < 18);
    expect(minors.length / persons.length).toBeGreaterThan(0.02);
    expect(minors.length / persons.length).toBeLessThan(0.1);
    for (const m of minors) expect(m.convictions).toEqual([]);
    for (const p of persons) expect(p.dob < population.referenceDate).toBe(true);
  });

  it('gives identifiers consistent with status', () => {
    for (const p of persons) {
      if (p.status === 'citizen_by_birth') {
        expect(p).toMatchObject({ aNumber: null, fin: null, nationality: 'US', countryOfBirth: 'US' });
        expect(lookupPlaceOfBirth(p.placeOfBirth)?.kind).toBe('us_state');
        expect([p.biometricEncounters, p.eidEncounters, p.benefits]).toEqual([[], [], []]);
      } else {
        expect(p.countryOfBirth).not.toBe('US');
        expect(lookupPlaceOfBirth(p.placeOfBirth)?.kind).toBe('country');
      }
      if (p.status === 'naturalised_citizen') {
        expect(p.nationality).toBe('US');
        expect(p.aNumber && p.fin).toBeTruthy();
        expect(p.benefits.some((b) => b.form === 'N-400' && b.status === 'approved')).toBe(true);
      }
      if (p.status === 'permanent_resident')
        expect(p.benefits.some((b) => b.form === 'I-485' && b.status === 'approved')).toBe(true);
      if (p.status === 'prior_removal') {
        expect(p.removals.length).toBeGreaterThan(0);
        expect(p.orders.length).toBeGreaterThan(0);
      }
      expect(p.proceedingsPending).toBe(p.status === 'pending_proceedings');
      if (p.aNumber) expect(p.aNumber).toMatch(/^\d{8,9}$/);
      if (p.fin) expect(p.fin).toMatch(/^\d{10}$/);
      expect(p.fbiNumber !== null).toBe(p.convictions.length + p.pendingCharges.length > 0);
    }
  });

  it('issues each identifier once', () => {
    for (const key of ['fingerprintId', 'fin', 'aNumber', 'fbiNumber', 'personId'] as const) {
      const values = persons.map((p) => p[key]).filter((v) => v !== null);
      expect(new Set(values).size, key).toBe(values.length);
    }
  });

  it('uses only known NCIC codes, and many persons have no criminal history', () => {
    for (const p of persons) {
      for (const c of [...p.convictions, ...p.pendingCharges, ...p.wanted])
        expect(isKnownNcicCode(c.ncic), c.ncic).toBe(true);
      for (const c of p.convictions) expect(c.date < population.referenceDate).toBe(true);
    }
    const clean = persons.filter((p) => p.convictions.length + p.pendingCharges.length === 0).length;
    expect(clean / persons.length).toBeGreaterThan(0.4);
  });

  it('dates every DHS event before the reference date and after birth', () => {
    for (const p of persons) {
      const dates = [
        ...p.biometricEncounters.map((e) => e.date),
        ...p.eidEncounters.map((e) => e.date),
        ...p.orders.map((o) => o.date),
        ...p.removals.map((r) => r.date),
        ...p.benefits.flatMap((b) => [b.filedOn, b.decidedOn ?? b.filedOn]),
      ];
      for (const d of dates)
        expect(d > p.dob && d < population.referenceDate, `${p.personId} ${d}`).toBe(true);
    }
  });
});
