/**
 * Ports to the outside systems a 287(g) officer queries during jail screening (reference
 * domain.md §3.1 step 3, §7.3): IDENT/HART (biometrics), EID via EAGLE (encounters, orders,
 * removals), NCIC/III (criminal history), LESC (IAQ/IAR over Nlets) and CLAIMS (USCIS
 * benefits). Every request and outcome is plain JSON with a zod schema, so the casework can
 * store each query generically as a row (system, request JSON, outcome JSON) and re-validate
 * it on reading. Every call ends in one of three outcomes: answered, no match, or failed
 * (with whether a retry may succeed). Adapters to the real systems and the reference
 * simulator implement the same `OutsideSystems` dispatch.
 */
import { z } from 'zod';
import { isIsoDate } from '../../domain/clock.ts';
import { isKnownNcicCode } from '../../domain/ncic.ts';
import { IAQ_PURPOSES, IAQ_SEX_CODES } from '../../domain/nlets-iaq.ts';

export const SYSTEM_NAMES = ['IDENT', 'EID', 'NCIC', 'LESC', 'CLAIMS'] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];

// ---- shared field schemas -----------------------------------------------------------------

const calendarDate = z.string().refine(isIsoDate, { message: 'must be a calendar date written YYYY-MM-DD' });
const text = z.string().trim().min(1, 'must not be empty');
const ncicCode = z.string().refine(isKnownNcicCode, { message: 'must be a known NCIC offense code' });
const aNumber = z.string().regex(/^\d{8,9}$/, 'must be an A-number of 8 or 9 digits, without the A');
const fin = z.string().regex(/^\d{10}$/, 'must be a 10-digit IDENT FIN');
const fbiNumber = z
  .string()
  .regex(/^(?=.*\d)[A-Z0-9]{1,9}$/, 'must be an FBI number of 1 to 9 letters and digits');

// ---- IDENT / HART -------------------------------------------------------------------------

export const identRequestSchema = z.strictObject({
  /** The booking's livescan fingerprint submission. */
  fingerprintId: text,
});

export const BIOMETRIC_ENCOUNTER_KINDS = [
  'visa_application',
  'admission',
  'benefit_biometrics',
  'apprehension',
  'booking',
] as const;

export const biometricEncounterSchema = z.strictObject({
  date: calendarDate,
  agency: z.enum(['DOS', 'CBP', 'USCIS', 'ICE']),
  kind: z.enum(BIOMETRIC_ENCOUNTER_KINDS),
  location: text,
});

export const identAnswerSchema = z.strictObject({
  /** IDENT Fingerprint Identification Number. */
  fin,
  encounters: z.array(biometricEncounterSchema),
});

// ---- EID via EAGLE ------------------------------------------------------------------------

export const eidRequestSchema = z
  .strictObject({
    aNumber: aNumber.optional(),
    fin: fin.optional(),
    lastName: text.optional(),
    firstName: text.optional(),
    dob: calendarDate.optional(),
  })
  .refine((r) => r.aNumber || r.fin || (r.lastName && r.firstName && r.dob), {
    message: 'give an A-number, a FIN, or last name, first name and date of birth',
  });

export const EID_ENCOUNTER_KINDS = [
  'apprehension',
  'notice_to_appear',
  'detention',
  'release',
  'voluntary_return',
] as const;

export const eidEncounterSchema = z.strictObject({
  date: calendarDate,
  kind: z.enum(EID_ENCOUNTER_KINDS),
  office: text,
});

export const REMOVAL_ORDER_KINDS = [
  'final_order_of_removal',
  'expedited_removal',
  'voluntary_departure',
  'reinstated_order',
] as const;

export const removalOrderSchema = z.strictObject({
  kind: z.enum(REMOVAL_ORDER_KINDS),
  date: calendarDate,
});

export const removalSchema = z.strictObject({ date: calendarDate, port: text });

export const eidAnswerSchema = z.strictObject({
  aNumber: aNumber.nullable(),
  fin: fin.nullable(),
  encounters: z.array(eidEncounterSchema),
  orders: z.array(removalOrderSchema),
  removals: z.array(removalSchema),
  proceedingsPending: z.boolean(),
});

// ---- NCIC / III ---------------------------------------------------------------------------

export const ncicRequestSchema = z.strictObject({
  fbiNumber: fbiNumber.optional(),
  lastName: text,
  firstName: text,
  dob: calendarDate,
});

export const convictionRecordSchema = z.strictObject({
  ncic: ncicCode,
  date: calendarDate,
  disposition: text,
  court: text,
});

export const pendingChargeRecordSchema = z.strictObject({
  ncic: ncicCode,
  chargedOn: calendarDate,
  court: text,
});

export const wantedPersonRecordSchema = z.strictObject({
  ncic: ncicCode,
  warrantDate: calendarDate,
  /** ORI of the agency holding the warrant. */
  ori: z.string().regex(/^[A-Z]{2}[A-Z0-9]{7}$/, 'must be a 9-character ORI'),
});

export const ncicAnswerSchema = z.strictObject({
  fbiNumber,
  convictions: z.array(convictionRecordSchema),
  pendingCharges: z.array(pendingChargeRecordSchema),
  wantedPersons: z.array(wantedPersonRecordSchema),
});

// ---- LESC (IAQ / IAR) ---------------------------------------------------------------------

/** The IAQ as `buildIaq` emits it (domain/nlets-iaq.ts). */
export const lescRequestSchema = z.strictObject({
  messageType: z.literal('IAQ'),
  ori: z.string().regex(/^[A-Z]{2}[A-Z0-9]{7}$/, 'must be a 9-character ORI'),
  destination: z.literal('AX'),
  purpose: z.enum(Object.keys(IAQ_PURPOSES) as [keyof typeof IAQ_PURPOSES]),
  attention: text,
  phone: text,
  name: z
    .string()
    .regex(/^[A-Z][A-Z -]*,[A-Z][A-Z -]*$/, 'must be LAST,FIRST MIDDLE')
    .max(30),
  dob: z.string().regex(/^\d{8}$/, 'must be CCYYMMDD'),
  sex: z.enum(Object.keys(IAQ_SEX_CODES) as [keyof typeof IAQ_SEX_CODES]),
  placeOfBirth: z.string().regex(/^[A-Z]{2}$/),
  custody: z.enum(['Y', 'N']),
  offense: ncicCode,
  aNumber: aNumber.nullable(),
  fbiNumber: fbiNumber.nullable(),
  text,
});

/** The status an Immigration Alien Response reports. `no_record` is not evidence of status. */
export const IAR_STATUSES = [
  'no_record',
  'us_citizen_naturalised',
  'lawful_permanent_resident',
  'visa_holder',
  'no_lawful_status',
  'removable_final_order',
  'in_proceedings',
] as const;
export type IarStatus = (typeof IAR_STATUSES)[number];

export const lescAnswerSchema = z.strictObject({
  status: z.enum(IAR_STATUSES),
  aNumber: aNumber.nullable(),
  summary: text,
});

// ---- CLAIMS -------------------------------------------------------------------------------

export const claimsRequestSchema = z.strictObject({ aNumber });

export const benefitSchema = z.strictObject({
  form: z.enum(['I-130', 'I-485', 'I-539', 'I-589', 'I-765', 'I-90', 'N-400']),
  receiptNumber: z.string().regex(/^[A-Z]{3}\d{10}$/, 'must be a USCIS receipt number'),
  filedOn: calendarDate,
  status: z.enum(['pending', 'approved', 'denied']),
  decidedOn: calendarDate.nullable(),
});

export const claimsAnswerSchema = z.strictObject({
  aNumber,
  benefits: z.array(benefitSchema),
  currentStatus: text,
});

// ---- outcomes and the dispatch ------------------------------------------------------------

const latencyMs = z.number().int().nonnegative();

const outcomeSchemaOf = <A extends z.ZodType>(answer: A) =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('answered'), latencyMs, answer }),
    z.strictObject({ kind: z.literal('no_match'), latencyMs }),
    z.strictObject({ kind: z.literal('failed'), latencyMs, reason: text, retryable: z.boolean() }),
  ]);

/** Request, answer and outcome schema of each system: validate a stored row with these. */
export const SYSTEM_SCHEMAS = {
  IDENT: {
    request: identRequestSchema,
    answer: identAnswerSchema,
    outcome: outcomeSchemaOf(identAnswerSchema),
  },
  EID: { request: eidRequestSchema, answer: eidAnswerSchema, outcome: outcomeSchemaOf(eidAnswerSchema) },
  NCIC: { request: ncicRequestSchema, answer: ncicAnswerSchema, outcome: outcomeSchemaOf(ncicAnswerSchema) },
  LESC: { request: lescRequestSchema, answer: lescAnswerSchema, outcome: outcomeSchemaOf(lescAnswerSchema) },
  CLAIMS: {
    request: claimsRequestSchema,
    answer: claimsAnswerSchema,
    outcome: outcomeSchemaOf(claimsAnswerSchema),
  },
} as const;

export type SystemRequest<S extends SystemName> = z.infer<(typeof SYSTEM_SCHEMAS)[S]['request']>;
export type SystemAnswer<S extends SystemName> = z.infer<(typeof SYSTEM_SCHEMAS)[S]['answer']>;

export type Answered<A> = { kind: 'answered'; latencyMs: number; answer: A };
export type NoMatch = { kind: 'no_match'; latencyMs: number };
export type Failed = { kind: 'failed'; latencyMs: number; reason: string; retryable: boolean };
export type SystemOutcome<S extends SystemName> = Answered<SystemAnswer<S>> | NoMatch | Failed;

export type IdentRequest = SystemRequest<'IDENT'>;
export type IdentAnswer = SystemAnswer<'IDENT'>;
export type EidRequest = SystemRequest<'EID'>;
export type EidAnswer = SystemAnswer<'EID'>;
export type NcicRequest = SystemRequest<'NCIC'>;
export type NcicAnswer = SystemAnswer<'NCIC'>;
export type LescRequest = SystemRequest<'LESC'>;
export type LescAnswer = SystemAnswer<'LESC'>;
export type ClaimsRequest = SystemRequest<'CLAIMS'>;
export type ClaimsAnswer = SystemAnswer<'CLAIMS'>;

export interface QueryContext {
  /** 1 for the first try, 2 for the first retry… A real adapter may ignore it. */
  attempt?: number;
}

/** The single dispatch the casework calls; one row per call. */
export interface OutsideSystems {
  query<S extends SystemName>(
    system: S,
    request: SystemRequest<S>,
    context?: QueryContext,
  ): Promise<SystemOutcome<S>>;
}

/** Named ports, for code that calls one system. */
export interface SystemPorts {
  identByFingerprint(fingerprintId: string, context?: QueryContext): Promise<SystemOutcome<'IDENT'>>;
  eidLookup(request: EidRequest, context?: QueryContext): Promise<SystemOutcome<'EID'>>;
  criminalHistory(request: NcicRequest, context?: QueryContext): Promise<SystemOutcome<'NCIC'>>;
  iaq(request: LescRequest, context?: QueryContext): Promise<SystemOutcome<'LESC'>>;
  claimsLookup(aNumber: string, context?: QueryContext): Promise<SystemOutcome<'CLAIMS'>>;
}

export function systemPorts(systems: OutsideSystems): SystemPorts {
  return {
    identByFingerprint: (fingerprintId, context) => systems.query('IDENT', { fingerprintId }, context),
    eidLookup: (request, context) => systems.query('EID', request, context),
    criminalHistory: (request, context) => systems.query('NCIC', request, context),
    iaq: (request, context) => systems.query('LESC', request, context),
    claimsLookup: (a, context) => systems.query('CLAIMS', { aNumber: a }, context),
  };
}

export const isSystemName = (s: string): s is SystemName => (SYSTEM_NAMES as readonly string[]).includes(s);

const problems = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string };

/** Validates a request, e.g. one read back from a stored row. */
export function parseSystemRequest<S extends SystemName>(system: S, json: unknown): Parsed<SystemRequest<S>> {
  const r = SYSTEM_SCHEMAS[system].request.safeParse(json);
  return r.success
    ? { ok: true, value: r.data as SystemRequest<S> }
    : { ok: false, problems: problems(r.error) };
}

/** Validates an outcome, e.g. one read back from a stored row. */
export function parseSystemOutcome<S extends SystemName>(system: S, json: unknown): Parsed<SystemOutcome<S>> {
  const r = SYSTEM_SCHEMAS[system].outcome.safeParse(json);
  return r.success
    ? { ok: true, value: r.data as SystemOutcome<S> }
    : { ok: false, problems: problems(r.error) };
}
