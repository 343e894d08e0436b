/**
 * The seeded synthetic population the reference simulator answers from: persons with names,
 * dates of birth (some under 18), sex, place of birth and nationality, an immigration status,
 * the identifiers that status implies (a citizen by birth has no A-number or FIN), a criminal
 * history in known NCIC codes, and DHS encounters, orders, removals and benefits consistent
 * with the status. The same seed gives the same population on every run and machine. No real
 * person's data.
 */
import { lookupNcic } from '../../domain/ncic.ts';
import { placeOfBirthForIso } from '../../domain/nlets-iaq.ts';
import { givenName, surname } from './names.ts';
import type { ClaimsAnswer, EidAnswer, IdentAnswer, NcicAnswer } from './ports.ts';
import { digits, pick, type Rng, randomBetween, randomInt, seededRng, weighted } from './random.ts';

export const IMMIGRATION_STATUSES = [
  'citizen_by_birth',
  'naturalised_citizen',
  'permanent_resident',
  'visa_holder',
  'no_status',
  'prior_removal',
  'pending_proceedings',
] as const;
export type ImmigrationStatus = (typeof IMMIGRATION_STATUSES)[number];

export type ConvictionRecord = NcicAnswer['convictions'][number];
export type PendingChargeRecord = NcicAnswer['pendingCharges'][number];
export type WantedPersonRecord = NcicAnswer['wantedPersons'][number];
export type BiometricEncounter = IdentAnswer['encounters'][number];
export type EidEncounter = EidAnswer['encounters'][number];
export type RemovalOrder = EidAnswer['orders'][number];
export type Removal = EidAnswer['removals'][number];
export type Benefit = ClaimsAnswer['benefits'][number];

export interface SyntheticPerson {
  personId: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  dob: string;
  sex: 'M' | 'F';
  /** ISO 3166-1 alpha-2; `US` for a person born in the United States. */
  countryOfBirth: string;
  /** NCIC place-of-birth code: a state for the US-born, a country otherwise. */
  placeOfBirth: string;
  /** ISO 3166-1 alpha-2; `US` for every citizen. */
  nationality: string;
  status: ImmigrationStatus;
  /** The livescan key a booking's fingerprints resolve to; every person has one. */
  fingerprintId: string;
  fin: string | null;
  aNumber: string | null;
  fbiNumber: string | null;
  convictions: ConvictionRecord[];
  pendingCharges: PendingChargeRecord[];
  wanted: WantedPersonRecord[];
  biometricEncounters: BiometricEncounter[];
  eidEncounters: EidEncounter[];
  orders: RemovalOrder[];
  removals: Removal[];
  proceedingsPending: boolean;
  benefits: Benefit[];
}

export interface Population {
  seed: number;
  /** The date the population is generated as of; every event is before it. */
  referenceDate: string;
  persons: readonly SyntheticPerson[];
}

export interface PopulationOptions {
  seed: number;
  size?: number;
  referenceDate?: string;
}

export const DEFAULT_POPULATION_SIZE = 5000;
export const DEFAULT_REFERENCE_DATE = '2026-01-01';

export type ChargeLevel = 'felony' | 'misdemeanor';

/** Charges as they occur at booking and in histories: NCIC code, usual level, relative frequency. */
export const CHARGE_CATALOG: ReadonlyArray<{ ncic: string; level: ChargeLevel; weight: number }> = (
  [
    ['5404', 'misdemeanor', 14],
    ['5403', 'misdemeanor', 3],
    ['5406', 'misdemeanor', 8],
    ['5405', 'misdemeanor', 4],
    ['5401', 'felony', 1],
    ['5407', 'felony', 1],
    ['2303', 'misdemeanor', 9],
    ['2305', 'misdemeanor', 2],
    ['2308', 'felony', 2],
    ['2399', 'misdemeanor', 3],
    ['1313', 'misdemeanor', 10],
    ['1316', 'misdemeanor', 2],
    ['1302', 'felony', 2],
    ['1305', 'felony', 2],
    ['1306', 'felony', 1],
    ['1314', 'felony', 1],
    ['1311', 'felony', 0.5],
    ['3563', 'misdemeanor', 8],
    ['3561', 'felony', 2],
    ['3533', 'felony', 3],
    ['3531', 'felony', 2],
    ['3573', 'felony', 2],
    ['3513', 'felony', 1],
    ['3543', 'felony', 1],
    ['3550', 'misdemeanor', 3],
    ['2202', 'felony', 3],
    ['2203', 'felony', 2],
    ['2408', 'felony', 1],
    ['2409', 'misdemeanor', 1],
    ['2504', 'felony', 1],
    ['2604', 'felony', 1],
    ['2605', 'felony', 1],
    ['2606', 'misdemeanor', 1],
    ['2802', 'felony', 1],
    ['2902', 'misdemeanor', 3],
    ['4801', 'misdemeanor', 3],
    ['4802', 'misdemeanor', 1],
    ['4803', 'misdemeanor', 1],
    ['5015', 'misdemeanor', 3],
    ['5012', 'misdemeanor', 2],
    ['5011', 'felony', 1],
    ['5310', 'misdemeanor', 3],
    ['5307', 'misdemeanor', 1],
    ['5707', 'misdemeanor', 2],
    ['5202', 'misdemeanor', 2],
    ['5211', 'felony', 1],
    ['1204', 'felony', 1],
    ['1206', 'felony', 1],
    ['1201', 'felony', 0.5],
    ['3802', 'felony', 1],
    ['3806', 'misdemeanor', 1],
    ['4003', 'misdemeanor', 1],
    ['4104', 'misdemeanor', 1],
    ['1103', 'felony', 0.3],
    ['3606', 'felony', 0.3],
    ['1006', 'felony', 0.2],
    ['0909', 'felony', 0.2],
    ['0911', 'felony', 0.1],
  ] as const
).map(([ncic, level, weight]) => {
  if (!lookupNcic(ncic)) throw new Error(`CHARGE_CATALOG: ${ncic} is not a known NCIC code`);
  return { ncic, level, weight };
});

export function drawCharge(rng: Rng): { ncic: string; level: ChargeLevel } {
  const c = weighted(
    rng,
    CHARGE_CATALOG.map((x) => [x, x.weight] as const),
  );
  return { ncic: c.ncic, level: c.level };
}

// ---- calendar, in whole days since 1970-01-01 (UTC) ----------------------------------------

const DAY_MS = 86_400_000;
export const dayOf = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
export const isoOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const YEAR = 365;

/** The same calendar date `years` later (earlier when negative); 29 February becomes 1 March. */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

// ---- reference lists ----------------------------------------------------------------------

const STATUS_WEIGHTS: ReadonlyArray<readonly [ImmigrationStatus, number]> = [
  ['citizen_by_birth', 30],
  ['naturalised_citizen', 10],
  ['permanent_resident', 18],
  ['visa_holder', 12],
  ['no_status', 16],
  ['prior_removal', 7],
  ['pending_proceedings', 7],
];
const ADULT_ONLY: ReadonlySet<ImmigrationStatus> = new Set(['naturalised_citizen', 'prior_removal']);

/** Countries of birth of the foreign-born, ISO alpha-2 with relative frequency. */
const FOREIGN_COUNTRIES: ReadonlyArray<readonly [string, number]> = [
  ['MX', 30],
  ['GT', 10],
  ['HN', 9],
  ['SV', 8],
  ['CU', 3],
  ['DO', 4],
  ['HT', 3],
  ['VE', 4],
  ['CO', 3],
  ['EC', 3],
  ['JM', 2],
  ['IN', 4],
  ['CN', 4],
  ['PH', 3],
  ['VN', 2],
  ['NG', 2],
  ['GH', 1],
  ['GB', 1],
  ['RU', 1],
  ['UA', 1],
  ['PL', 1],
  ['BR', 2],
  ['PE', 1],
  ['KR', 1],
  ['PK', 1],
  ['ET', 1],
  ['KE', 1],
];
const US_STATES = 'TX FL GA NC AZ TN SC AL VA OK LA CA NY IL OH'.split(' ');

const ADMISSION_PORTS = [
  'San Ysidro, CA',
  'Laredo, TX',
  'El Paso, TX',
  'Nogales, AZ',
  'Miami International Airport, FL',
  'JFK International Airport, NY',
  'Houston Intercontinental Airport, TX',
  'Los Angeles International Airport, CA',
];
const BORDER_SECTORS = [
  'Rio Grande Valley Sector, TX',
  'Tucson Sector, AZ',
  'El Paso Sector, TX',
  'San Diego Sector, CA',
  'Del Rio Sector, TX',
];
const ERO_OFFICES = ['ERO Houston', 'ERO Atlanta', 'ERO Phoenix', 'ERO Charlotte', 'ERO Dallas', 'ERO Miami'];
const REMOVAL_PORTS = [
  'Brownsville, TX',
  'Laredo, TX',
  'Houston, TX (air)',
  'Alexandria, LA (air)',
  'Mesa, AZ (air)',
];
const ASC_CITIES = [
  'Atlanta, GA',
  'Houston, TX',
  'Charlotte, NC',
  'Phoenix, AZ',
  'Nashville, TN',
  'Miami, FL',
];
const COUNTIES = [
  'Franklin',
  'Washington',
  'Jefferson',
  'Madison',
  'Jackson',
  'Lincoln',
  'Marion',
  'Clay',
  'Greene',
];
const COURT_KINDS = ['District Court', 'Superior Court', 'Circuit Court', 'County Court'];
const DISPOSITIONS = [
  'guilty plea; probation 12 months',
  'guilty plea; fine and costs',
  'guilty plea; 90 days jail',
  'guilty plea; 30 days jail, suspended',
  'convicted at trial; 2 years prison',
  'convicted at trial; 5 years prison',
  'nolo contendere; probation 24 months',
];
const RECEIPT_PREFIXES = ['IOE', 'MSC', 'EAC', 'WAC', 'LIN', 'SRC', 'NBC'];

// ---- generation ---------------------------------------------------------------------------

interface Identifiers {
  used: Set<string>;
}

/** A fresh identifier made by `make`, never one already issued in this population. */
function unique(ids: Identifiers, make: () => string): string {
  for (;;) {
    const id = make();
    if (!ids.used.has(id)) {
      ids.used.add(id);
      return id;
    }
  }
}

const court = (rng: Rng): string =>
  `${pick(rng, COUNTIES)} County ${pick(rng, COURT_KINDS)}, ${pick(rng, US_STATES)}`;

function ageInYears(rng: Rng, minor: boolean): number {
  if (minor) return randomBetween(rng, 14, 17);
  const [lo, hi] = weighted(rng, [
    [[18, 24], 20],
    [[25, 34], 30],
    [[35, 44], 25],
    [[45, 54], 15],
    [[55, 75], 10],
  ] as const);
  return randomBetween(rng, lo, hi);
}

function criminalHistory(
  rng: Rng,
  ids: Identifiers,
  p: { status: ImmigrationStatus; dobDay: number; today: number; minor: boolean },
): Pick<SyntheticPerson, 'convictions' | 'pendingCharges' | 'wanted' | 'fbiNumber'> {
  const hasConvictions = !p.minor && rng() < (p.status === 'prior_removal' ? 0.6 : 0.42);
  const convictions: ConvictionRecord[] = [];
  if (hasConvictions) {
    const n = weighted(rng, [
      [1, 50],
      [2, 25],
      [3, 15],
      [4, 10],
    ] as const);
    const first = dayOf(addYears(isoOfDay(p.dobDay), 18));
    for (let i = 0; i < n; i++)
      convictions.push({
        ncic: drawCharge(rng).ncic,
        date: isoOfDay(randomBetween(rng, first, Math.max(first, p.today - 30))),
        disposition: pick(rng, DISPOSITIONS),
        court: court(rng),
      });
  }
  const pendingCharges: PendingChargeRecord[] = [];
  if (rng() < (hasConvictions ? 0.25 : p.minor ? 0.05 : 0.1)) {
    const n = 1 + randomInt(rng, 2);
    for (let i = 0; i < n; i++)
      pendingCharges.push({
        ncic: drawCharge(rng).ncic,
        chargedOn: isoOfDay(p.today - randomBetween(rng, 1, 365)),
        court: court(rng),
      });
  }
  const hasRecord = convictions.length + pendingCharges.length > 0;
  const wanted: WantedPersonRecord[] =
    hasRecord && rng() < 0.03
      ? [
          {
            ncic: drawCharge(rng).ncic,
            warrantDate: isoOfDay(p.today - randomBetween(rng, 1, 3 * YEAR)),
            ori: `${pick(rng, US_STATES)}${digits(rng, 7)}`,
          },
        ]
      : [];
  const fbiNumber = hasRecord
    ? unique(
        ids,
        () =>
          `${digits(rng, 6)}${String.fromCharCode(65 + randomInt(rng, 26), 65 + randomInt(rng, 26))}${digits(rng, 1)}`,
      )
    : null;
  return {
    convictions: convictions.sort((a, b) => a.date.localeCompare(b.date)),
    pendingCharges,
    wanted,
    fbiNumber,
  };
}

type DhsRecord = Pick<
  SyntheticPerson,
  | 'fin'
  | 'aNumber'
  | 'biometricEncounters'
  | 'eidEncounters'
  | 'orders'
  | 'removals'
  | 'proceedingsPending'
  | 'benefits'
>;

function dhsRecord(
  rng: Rng,
  ids: Identifiers,
  p: { status: ImmigrationStatus; dobDay: number; today: number },
): DhsRecord {
  const record: DhsRecord = {
    fin: null,
    aNumber: null,
    biometricEncounters: [],
    eidEncounters: [],
    orders: [],
    removals: [],
    proceedingsPending: false,
    benefits: [],
  };
  /** A day in [lo, hi], never after yesterday; `lo` gives way when the range is empty. */
  const day = (lo: number, hi: number) => {
    const last = Math.min(hi, p.today - 1);
    return randomBetween(rng, Math.min(lo, last), last);
  };
  const giveFin = () => {
    record.fin = unique(ids, () => `${1 + randomInt(rng, 9)}${digits(rng, 9)}`);
  };
  const giveANumber = () => {
    record.aNumber = unique(ids, () =>
      rng() < 0.7 ? `2${digits(rng, 8)}` : `${1 + randomInt(rng, 9)}${digits(rng, 7)}`,
    );
  };
  const biometric = (
    d: number,
    agency: BiometricEncounter['agency'],
    kind: BiometricEncounter['kind'],
    location: string,
  ) => record.biometricEncounters.push({ date: isoOfDay(d), agency, kind, location });
  const eid = (d: number, kind: EidEncounter['kind'], office = pick(rng, ERO_OFFICES)) =>
    record.eidEncounters.push({ date: isoOfDay(d), kind, office });
  const benefit = (
    form: Benefit['form'],
    filed: number,
    status: Benefit['status'],
    decided: number | null,
  ) => {
    record.benefits.push({
      form,
      receiptNumber: `${pick(rng, RECEIPT_PREFIXES)}${digits(rng, 10)}`,
      filedOn: isoOfDay(filed),
      status,
      decidedOn: decided === null ? null : isoOfDay(decided),
    });
    biometric(
      Math.min(filed + 30, p.today - 1),
      'USCIS',
      'benefit_biometrics',
      `USCIS Application Support Center, ${pick(rng, ASC_CITIES)}`,
    );
  };
  const admitted = (d: number) => {
    biometric(d - randomBetween(rng, 20, 120), 'DOS', 'visa_application', 'U.S. consular post abroad');
    biometric(d, 'CBP', 'admission', pick(rng, ADMISSION_PORTS));
  };
  const apprehended = (d: number) => {
    const sector = `U.S. Border Patrol, ${pick(rng, BORDER_SECTORS)}`;
    biometric(d, 'CBP', 'apprehension', sector);
    eid(d, 'apprehension', sector);
  };

  switch (p.status) {
    case 'citizen_by_birth':
      break;
    case 'naturalised_citizen': {
      giveFin();
      giveANumber();
      const entry = day(p.dobDay + 150, p.today - 9 * YEAR);
      admitted(entry);
      const filed = entry + randomBetween(rng, 30, 365);
      const lpr = filed + randomBetween(rng, 180, 540);
      benefit('I-485', filed, 'approved', lpr);
      const nFiled = day(lpr + 5 * YEAR, p.today - 200);
      benefit('N-400', nFiled, 'approved', nFiled + randomBetween(rng, 120, 190));
      break;
    }
    case 'permanent_resident': {
      giveFin();
      giveANumber();
      const entry = day(p.dobDay + 150, p.today - 2 * YEAR);
      admitted(entry);
      const filed = entry + randomBetween(rng, 30, 300);
      benefit('I-485', filed, 'approved', filed + randomBetween(rng, 180, 360));
      if (rng() < 0.2) benefit('I-90', day(p.today - 300, p.today - 10), 'pending', null);
      break;
    }
    case 'visa_holder': {
      giveFin();
      admitted(day(Math.max(p.dobDay + 150, p.today - 4 * YEAR), p.today - 10));
      if (rng() < 0.25) {
        giveANumber();
        benefit(rng() < 0.5 ? 'I-539' : 'I-765', day(p.today - 300, p.today - 10), 'pending', null);
      }
      break;
    }
    case 'no_status': {
      const r = rng();
      if (r < 0.35) break; // entered without inspection and never encountered: no DHS record
      giveFin();
      if (r < 0.7) {
        admitted(day(p.dobDay + 150, p.today - YEAR)); // admitted, then overstayed
      } else {
        giveANumber();
        const d = day(p.dobDay + 16 * YEAR, p.today - 60);
        apprehended(d);
        eid(d + 1, 'voluntary_return');
      }
      break;
    }
    case 'prior_removal': {
      giveFin();
      giveANumber();
      const caught = day(p.dobDay + 18 * YEAR, p.today - 2 * YEAR);
      apprehended(caught);
      if (rng() < 0.3) {
        record.orders.push({ kind: 'expedited_removal', date: isoOfDay(caught + 2) });
        record.removals.push({
          date: isoOfDay(caught + randomBetween(rng, 3, 20)),
          port: pick(rng, REMOVAL_PORTS),
        });
      } else {
        eid(caught + 1, 'notice_to_appear');
        eid(caught + 1, 'detention');
        const order = caught + randomBetween(rng, 60, 400);
        record.orders.push({ kind: 'final_order_of_removal', date: isoOfDay(order) });
        record.removals.push({
          date: isoOfDay(order + randomBetween(rng, 10, 60)),
          port: pick(rng, REMOVAL_PORTS),
        });
      }
      break;
    }
    case 'pending_proceedings': {
      giveFin();
      giveANumber();
      const caught = day(Math.max(p.dobDay + 150, p.today - 5 * YEAR), p.today - 30);
      apprehended(caught);
      eid(caught + 1, 'notice_to_appear');
      eid(caught + 2, 'release');
      record.proceedingsPending = true;
      if (rng() < 0.4) {
        const filed = Math.min(caught + randomBetween(rng, 30, 360), p.today - 2);
        benefit('I-589', filed, 'pending', null);
        if (filed + 180 < p.today) benefit('I-765', filed + 150, 'approved', filed + 180);
      }
      break;
    }
  }
  record.biometricEncounters.sort((a, b) => a.date.localeCompare(b.date));
  record.eidEncounters.sort((a, b) => a.date.localeCompare(b.date));
  return record;
}

/** The same options give the same population on every run and machine. */
export function generatePopulation(options: PopulationOptions): Population {
  const size = options.size ?? DEFAULT_POPULATION_SIZE;
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
  const today = dayOf(referenceDate);
  const rng = seededRng(options.seed);
  const ids: Identifiers = { used: new Set() };
  const persons: SyntheticPerson[] = [];
  for (let i = 0; i < size; i++) {
    const minor = rng() < 0.05;
    const age = ageInYears(rng, minor);
    // Born between `age + 1` years and `age` years before the reference date, exclusive.
    const dobDay = dayOf(addYears(referenceDate, -age)) - randomInt(rng, YEAR);
    let status = weighted(rng, STATUS_WEIGHTS);
    if (minor && ADULT_ONLY.has(status)) status = 'visa_holder';
    if (status === 'naturalised_citizen' && age < 20) status = 'permanent_resident';
    const sex = rng() < 0.72 ? 'M' : 'F';
    const bornHere = status === 'citizen_by_birth';
    const countryOfBirth = bornHere ? 'US' : weighted(rng, FOREIGN_COUNTRIES);
    const placeOfBirth = bornHere ? pick(rng, US_STATES) : placeOfBirthForIso(countryOfBirth)?.code;
    if (!placeOfBirth) throw new Error(`population: no NCIC place-of-birth code for ${countryOfBirth}`);
    const citizen = status === 'citizen_by_birth' || status === 'naturalised_citizen';
    persons.push({
      personId: `P${String(i + 1).padStart(6, '0')}`,
      firstName: givenName(rng, sex),
      middleName: rng() < 0.55 ? givenName(rng, sex) : null,
      lastName: surname(rng),
      dob: isoOfDay(dobDay),
      sex,
      countryOfBirth,
      placeOfBirth,
      nationality: citizen ? 'US' : countryOfBirth,
      status,
      fingerprintId: unique(ids, () => `FP${digits(rng, 10)}`),
      ...criminalHistory(rng, ids, { status, dobDay, today, minor }),
      ...dhsRecord(rng, ids, { status, dobDay, today }),
    });
  }
  return { seed: options.seed, referenceDate, persons };
}

/** Age in whole years on a date. */
export function ageOn(dob: string, on: string): number {
  const [y, m, d] = dob.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  return oy - y - (om < m || (om === m && od < d) ? 1 : 0);
}
