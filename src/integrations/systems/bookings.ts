/**
 * Deterministic synthetic jail bookings for the demo and tests, as the booking feed delivers
 * them: most subjects drawn from the simulator's population (citizens among them), some walk-ins
 * the outside systems have never seen, and some with the errors booking data carries (a
 * misspelled name, a dropped middle name, day and month of birth swapped) so subject resolution
 * is exercised. `syntheticBookingsWithTruth` also says who each booking really is.
 */
import { lookupNcic } from '../../domain/ncic.ts';
import { NCIC_PLACES_OF_BIRTH } from '../../domain/nlets-iaq.ts';
import { givenName, misspell, surname } from './names.ts';
import { addYears, type ChargeLevel, dayOf, drawCharge, isoOfDay, type Population } from './population.ts';
import { digits, pick, type Rng, randomBetween, randomInt, seededRng } from './random.ts';

export interface BookingCharge {
  ncic: string;
  description: string;
  level: ChargeLevel;
}

export interface BookingPerson {
  firstName: string;
  middleName?: string;
  lastName: string;
  dob: string;
  sex: 'M' | 'F';
  /** NCIC place-of-birth code, when the booking recorded one. */
  placeOfBirth?: string;
  fingerprintId?: string;
  fbiNumber?: string;
  aNumber?: string;
}

export interface SyntheticBooking {
  bookingNumber: string;
  facilityCode: string;
  /** ISO 8601 instant. */
  bookedAt: string;
  person: BookingPerson;
  charges: BookingCharge[];
  /** ISO 8601 instant, when a release date is already known. */
  expectedReleaseAt?: string;
}

export type BookingVariation = 'name_misspelled' | 'middle_name_dropped' | 'day_month_swapped';

export interface BookingTruth {
  /** The population person booked, or null for a walk-in unknown to the outside systems. */
  personId: string | null;
  variations: BookingVariation[];
}

export interface BookingOptions {
  seed: number;
  count: number;
  /** Prefix of booking numbers; the facility code when absent. */
  agencyCode?: string;
  facilityCode: string;
  /** Time of the first booking; the rest follow at 5 to 120 minute intervals. */
  start: Date;
  population: Population;
  /** Share of subjects not in the population; 0.15 when absent. */
  walkInShare?: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WALK_IN_PLACES = NCIC_PLACES_OF_BIRTH.filter((p) => p.kind === 'us_state' || p.kind === 'country');

function charges(rng: Rng): BookingCharge[] {
  const n = 1 + (rng() < 0.35 ? 1 : 0) + (rng() < 0.1 ? 1 : 0);
  return Array.from({ length: n }, () => {
    const { ncic, level } = drawCharge(rng);
    return { ncic, level, description: lookupNcic(ncic)?.description ?? ncic };
  });
}

function swapDayMonth(dob: string): string | null {
  const [y, m, d] = dob.split('-');
  if (!y || !m || !d || m === d || Number(d) > 12) return null;
  return `${y}-${d}-${m}`;
}

function walkIn(rng: Rng, bookedAt: Date, fingerprints: ReadonlySet<string>): BookingPerson {
  const sex = rng() < 0.72 ? 'M' : 'F';
  const bookedOn = bookedAt.toISOString().slice(0, 10);
  const dob = isoOfDay(dayOf(addYears(bookedOn, -randomBetween(rng, 18, 60))) - randomInt(rng, 365));
  let fingerprintId = `FP${digits(rng, 10)}`;
  while (fingerprints.has(fingerprintId)) fingerprintId = `FP${digits(rng, 10)}`;
  const person: BookingPerson = {
    firstName: givenName(rng, sex),
    lastName: surname(rng),
    dob,
    sex,
    fingerprintId,
  };
  if (rng() < 0.5) person.middleName = givenName(rng, sex);
  if (rng() < 0.8) person.placeOfBirth = pick(rng, WALK_IN_PLACES).code;
  return person;
}

/** Bookings with who each one really is; the same options give the same bookings. */
export function syntheticBookingsWithTruth(
  options: BookingOptions,
): Array<{ booking: SyntheticBooking; truth: BookingTruth }> {
  const rng = seededRng(options.seed);
  const persons = options.population.persons;
  const fingerprints = new Set(persons.map((p) => p.fingerprintId));
  const walkInShare = options.walkInShare ?? 0.15;
  const prefix = options.agencyCode ?? options.facilityCode;
  const out: Array<{ booking: SyntheticBooking; truth: BookingTruth }> = [];
  let at = options.start.getTime();
  for (let i = 0; i < options.count; i++) {
    if (i > 0) at += randomBetween(rng, 5, 120) * MINUTE_MS;
    const bookedAt = new Date(at);
    const variations: BookingVariation[] = [];
    let person: BookingPerson;
    let personId: string | null = null;
    if (persons.length === 0 || rng() < walkInShare) {
      person = walkIn(rng, bookedAt, fingerprints);
    } else {
      const p = pick(rng, persons);
      personId = p.personId;
      person = { firstName: p.firstName, lastName: p.lastName, dob: p.dob, sex: p.sex };
      if (p.middleName) person.middleName = p.middleName;
      if (rng() < 0.8) person.placeOfBirth = p.placeOfBirth;
      if (rng() < 0.95) person.fingerprintId = p.fingerprintId;
      if (p.fbiNumber && rng() < 0.5) person.fbiNumber = p.fbiNumber;
      if (p.aNumber && rng() < 0.1) person.aNumber = p.aNumber;
      if (rng() < 0.1) {
        if (rng() < 0.5) person.lastName = misspell(rng, person.lastName);
        else person.firstName = misspell(rng, person.firstName);
        variations.push('name_misspelled');
      }
      if (person.middleName && rng() < 0.1) {
        delete person.middleName;
        variations.push('middle_name_dropped');
      }
      const swapped = rng() < 0.05 ? swapDayMonth(person.dob) : null;
      if (swapped) {
        person.dob = swapped;
        variations.push('day_month_swapped');
      }
    }
    const booking: SyntheticBooking = {
      bookingNumber: `${prefix}-${bookedAt.getUTCFullYear()}-${String(i + 1).padStart(6, '0')}`,
      facilityCode: options.facilityCode,
      bookedAt: bookedAt.toISOString(),
      person,
      charges: charges(rng),
    };
    if (rng() < 0.5)
      booking.expectedReleaseAt = new Date(at + randomBetween(rng, 1, 60) * DAY_MS).toISOString();
    out.push({ booking, truth: { personId, variations } });
  }
  return out;
}

/** The booking payloads alone, as the feed would deliver them. */
export function syntheticBookings(options: BookingOptions): SyntheticBooking[] {
  return syntheticBookingsWithTruth(options).map((b) => b.booking);
}
