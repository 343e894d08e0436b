import { describe, expect, it } from 'vitest';
import { isKnownNcicCode, lookupNcic } from '../../../src/domain/ncic.ts';
import { lookupPlaceOfBirth } from '../../../src/domain/nlets-iaq.ts';
import { syntheticBookings, syntheticBookingsWithTruth } from '../../../src/integrations/systems/bookings.ts';
import { generatePopulation } from '../../../src/integrations/systems/population.ts';

const population = generatePopulation({ seed: 3, size: 1500 });
const options = {
  seed: 21,
  count: 1000,
  agencyCode: 'MCSO',
  facilityCode: 'MCSO-MAIN',
  start: new Date('2026-03-01T06:00:00Z'),
  population,
};
const withTruth = syntheticBookingsWithTruth(options);
const byId = new Map(population.persons.map((p) => [p.personId, p]));

describe('synthetic bookings', () => {
  it('are the same for the same options and differ for another seed', () => {
    expect(syntheticBookings(options)).toEqual(syntheticBookings(options));
    expect(syntheticBookings({ ...options, seed: 22 })).not.toEqual(syntheticBookings(options));
  });

  it('refuse nothing odd: an empty population gives walk-ins only', () => {
    const empty = syntheticBookingsWithTruth({
      ...options,
      count: 20,
      population: { ...population, persons: [] },
    });
    expect(empty.every((b) => b.truth.personId === null)).toBe(true);
  });

  it('number bookings uniquely, in time order, with the facility', () => {
    const numbers = withTruth.map((b) => b.booking.bookingNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers[0]).toBe('MCSO-2026-000001');
    const times = withTruth.map((b) => Date.parse(b.booking.bookedAt));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] as number);
    expect(withTruth[0]?.booking.bookedAt).toBe('2026-03-01T06:00:00.000Z');
    for (const { booking } of withTruth) {
      expect(booking.facilityCode).toBe('MCSO-MAIN');
      if (booking.expectedReleaseAt) expect(booking.expectedReleaseAt > booking.bookedAt).toBe(true);
    }
  });

  it('charge known NCIC codes with their description and level', () => {
    for (const { booking } of withTruth) {
      expect(booking.charges.length).toBeGreaterThan(0);
      for (const c of booking.charges) {
        expect(isKnownNcicCode(c.ncic)).toBe(true);
        expect(c.description).toBe(lookupNcic(c.ncic)?.description);
        expect(['felony', 'misdemeanor']).toContain(c.level);
      }
      if (booking.person.placeOfBirth) expect(lookupPlaceOfBirth(booking.person.placeOfBirth)).not.toBeNull();
    }
  });

  it('draw most subjects from the population, citizens among them, and some walk-ins unknown to it', () => {
    const walkIns = withTruth.filter((b) => b.truth.personId === null);
    expect(walkIns.length / withTruth.length).toBeGreaterThan(0.1);
    expect(walkIns.length / withTruth.length).toBeLessThan(0.2);
    const fingerprints = new Set(population.persons.map((p) => p.fingerprintId));
    for (const w of walkIns) {
      expect(fingerprints.has(w.booking.person.fingerprintId ?? '')).toBe(false);
      expect(w.booking.person.aNumber).toBeUndefined();
    }
    const statuses = new Set(
      withTruth.map((b) => (b.truth.personId ? byId.get(b.truth.personId)?.status : null)),
    );
    expect(statuses).toContain('citizen_by_birth');
    expect(statuses).toContain('prior_removal');
  });

  it('carry the errors of booking data, and otherwise the person as recorded', () => {
    const kinds = new Set(withTruth.flatMap((b) => b.truth.variations));
    expect(kinds).toEqual(new Set(['name_misspelled', 'middle_name_dropped', 'day_month_swapped']));
    for (const { booking, truth } of withTruth) {
      const p = truth.personId ? byId.get(truth.personId) : undefined;
      if (!p) continue;
      const swapped = truth.variations.includes('day_month_swapped');
      if (swapped)
        expect(booking.person.dob).toBe(`${p.dob.slice(0, 4)}-${p.dob.slice(8, 10)}-${p.dob.slice(5, 7)}`);
      else expect(booking.person.dob).toBe(p.dob);
      if (truth.variations.length === 0) {
        expect([booking.person.firstName, booking.person.lastName]).toEqual([p.firstName, p.lastName]);
        expect(booking.person.middleName ?? null).toBe(p.middleName);
      }
      if (booking.person.fingerprintId) expect(booking.person.fingerprintId).toBe(p.fingerprintId);
      if (booking.person.aNumber) expect(booking.person.aNumber).toBe(p.aNumber);
    }
  });

  it('are plain JSON', () => {
    const bookings = syntheticBookings({ ...options, count: 50 });
    expect(JSON.parse(JSON.stringify(bookings))).toEqual(bookings);
  });
});
