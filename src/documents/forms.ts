/**
 * The JEM forms Delegate generates and the data snapshot each one carries: one zod schema per
 * form (the fields the DHS form has), the form titles, and the template version that names
 * Delegate's own layout of each. Dates are ISO dates (YYYY-MM-DD); instants are ISO 8601 with
 * an offset. Schemas are strict: an unknown key is an error, never silently dropped.
 */
import { z } from 'zod';

export const FORM_KINDS = [
  'I-213',
  'I-247A',
  'I-200',
  'I-205',
  'I-862',
  'I-851',
  'I-871',
  'I-286',
  'I-203',
] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** Delegate's layout of each form; bump when the layout or the field list changes. */
export const TEMPLATE_VERSIONS = {
  'I-213': 'delegate-I-213/2026.1',
  'I-247A': 'delegate-I-247A/2026.1',
  'I-200': 'delegate-I-200/2026.1',
  'I-205': 'delegate-I-205/2026.1',
  'I-862': 'delegate-I-862/2026.1',
  'I-851': 'delegate-I-851/2026.1',
  'I-871': 'delegate-I-871/2026.1',
  'I-286': 'delegate-I-286/2026.1',
  'I-203': 'delegate-I-203/2026.1',
} as const satisfies Record<FormKind, string>;

export const FORM_TITLES: Record<FormKind, string> = {
  'I-213': 'Record of Deportable/Inadmissible Alien',
  'I-247A': 'Immigration Detainer – Notice of Action',
  'I-200': 'Warrant for Arrest of Alien',
  'I-205': 'Warrant of Removal/Deportation',
  'I-862': 'Notice to Appear',
  'I-851': 'Notice of Intent to Issue a Final Administrative Removal Order',
  'I-871': 'Notice of Intent/Decision to Reinstate Prior Order',
  'I-286': 'Notice of Custody Determination',
  'I-203': 'Order to Detain or Release Alien',
};

// ---- shared pieces -------------------------------------------------------------------------

const text = z.string().trim().min(1, 'must not be empty').max(300);
const longText = z.string().trim().min(1, 'must not be empty').max(50_000);
export const isoDate = z.iso.date({ error: 'expected an ISO date (YYYY-MM-DD)' });
export const instant = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 instant' });

/** A-number of 8 or 9 digits, optionally with the "A"; stored canonically as nine digits without it. */
const aNumber = z
  .string()
  .regex(/^A?\d{8,9}$/, 'expected an A-number of 8 or 9 digits')
  .transform((s) => s.replace(/^A/, '').padStart(9, '0'));
/** IDENT Fingerprint Identification Number. */
const fin = z.string().regex(/^[0-9A-Z]{1,20}$/, 'expected letters and digits');
/** FBI Universal Control Number (formerly FBI number). */
const fbiNumber = z.string().regex(/^[0-9A-Z]{1,9}$/, 'expected up to nine letters and digits');
const ncicCode = z.string().regex(/^\d{4}$/, 'expected a four-digit NCIC offense code');

export const personName = z.strictObject({ family: text, given: text, middle: text.optional() });

export const SEXES = ['F', 'M', 'X', 'U'] as const;

export const subject = z.strictObject({
  name: personName,
  aliases: z.array(text).default([]),
  dateOfBirth: isoDate,
  sex: z.enum(SEXES).optional(),
  countryOfCitizenship: text,
  countryOfBirth: text.optional(),
  aNumber: aNumber.optional(),
  fin: fin.optional(),
  fbiNumber: fbiNumber.optional(),
});

/** An officer as named on a form: 287(g) officers by their LEA, ICE officers by their office. */
export const officer = z.strictObject({ name: text, title: text, identifier: text, agency: text });

const warrantForm = z.enum(['I-200', 'I-205']);

// ---- the forms -----------------------------------------------------------------------------

export const i213 = z.strictObject({
  subject: subject.extend({ sex: z.enum(SEXES) }),
  encounter: z.strictObject({
    facility: text,
    place: text,
    date: isoDate,
    bookingNumber: text.optional(),
  }),
  arrestingOfficer: officer,
  processingOfficer: officer,
  narrative: longText,
  criminalHistory: z
    .array(z.strictObject({ ncicCode, offense: text, date: isoDate, disposition: text }))
    .default([]),
  immigrationHistory: z.array(z.strictObject({ date: isoDate, event: text })).default([]),
  determination: longText,
});

/** The enumerated probable-cause bases of the I-247A (ICE Policy 10074.2). */
export const PROBABLE_CAUSE_BASES = [
  'final_order',
  'pending_proceedings',
  'biometric_and_records',
  'statements_or_evidence',
] as const;

export const i247a = z.strictObject({
  subject,
  detainerDate: isoDate,
  /** The law-enforcement agency and facility the detainer is addressed to. */
  facility: z.strictObject({ agency: text, name: text, address: text }),
  probableCauseBases: z
    .array(z.enum(PROBABLE_CAUSE_BASES))
    .min(1, 'at least one probable-cause basis is required')
    .refine((b) => new Set(b).size === b.length, 'a basis is listed twice'),
  /** Box 1: notify DHS before release; hold no more than 48 hours beyond the scheduled release. */
  request: z.strictObject({
    notifyBeforeRelease: z.literal(true),
    maximumHoldHours: z.number().int().positive().max(48, 'the hold may not exceed 48 hours'),
  }),
  accompanyingWarrant: z.strictObject({ form: warrantForm, number: text }),
  issuingOfficer: officer,
  approvingIceOfficer: officer,
  /** Absent until a copy is served on the subject; the detainer takes effect only then. */
  service: z.strictObject({ servedAt: instant, servedBy: text, language: text }).nullable().default(null),
});

const warrant = {
  warrantNumber: text,
  subject,
  authority: text,
  issuer: officer,
  issuedOn: isoDate,
};

export const i200 = z.strictObject(warrant);

export const i205 = z.strictObject({
  ...warrant,
  finalOrder: z.strictObject({ date: isoDate, by: text }),
});

export const charge = z.strictObject({ provision: text, description: text });

export const i862 = z.strictObject({
  respondent: subject,
  respondentClass: z.enum(['arriving_alien', 'present_without_admission', 'admitted_removable']),
  allegations: z.array(longText).min(1, 'at least one allegation is required'),
  charges: z.array(charge).min(1, 'at least one charge is required'),
  /** Null prints "To be set". */
  hearing: z
    .strictObject({ location: text.nullable(), at: instant.nullable() })
    .default({ location: null, at: null }),
  arrest: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('warrant'), warrantForm, warrantNumber: text }),
    z.strictObject({
      kind: z.literal('warrantless'),
      arrestedAt: instant,
      /** The 8 CFR 287.3(c) advisals; the NTA cannot be finalised until they are recorded. */
      advisal: z
        .strictObject({
          reasonsForArrest: z.boolean(),
          rightToCounsel: z.boolean(),
          legalServicesListProvided: z.boolean(),
          advisedAt: instant,
          advisedBy: text,
        })
        .nullable()
        .default(null),
    }),
  ]),
  issuingOfficer: officer,
  issuedOn: isoDate,
});

export const i851 = z.strictObject({
  respondent: subject,
  allegations: z.array(longText).min(1, 'at least one allegation is required'),
  charges: z.array(charge).min(1, 'at least one charge is required'),
  issuingOfficer: officer,
  issuedOn: isoDate,
});

export const i871 = z.strictObject({
  subject,
  priorOrder: z.strictObject({
    kind: z.enum(['removal', 'deportation', 'exclusion']),
    date: isoDate,
    by: text,
  }),
  removal: z.strictObject({ date: isoDate, place: text }),
  reentry: z.strictObject({ date: isoDate.nullable(), place: text }),
  issuingOfficer: officer,
  issuedOn: isoDate,
});

export const i286 = z
  .strictObject({
    subject,
    determination: z.enum(['detain', 'release_on_bond', 'release_on_recognizance', 'release_on_conditions']),
    bondAmountUsd: z.number().int().positive().optional(),
    conditions: z.array(text).default([]),
    authority: text,
    iceOfficer: officer,
    determinedOn: isoDate,
  })
  .refine((d) => (d.determination === 'release_on_bond') === (d.bondAmountUsd !== undefined), {
    path: ['bondAmountUsd'],
    message: 'a bond amount is required for, and only for, release on bond',
  });

export const i203 = z.strictObject({
  subject,
  order: z.enum(['detain', 'release']),
  receivingFacility: z.strictObject({ name: text, address: text }),
  conditions: z.array(text).default([]),
  iceOfficer: officer,
  orderedOn: isoDate,
});

export const FORM_SCHEMAS = {
  'I-213': i213,
  'I-247A': i247a,
  'I-200': i200,
  'I-205': i205,
  'I-862': i862,
  'I-851': i851,
  'I-871': i871,
  'I-286': i286,
  'I-203': i203,
} as const satisfies Record<FormKind, z.ZodType>;

/** What a caller passes (defaults may be omitted). */
export type FormInput<K extends FormKind> = z.input<(typeof FORM_SCHEMAS)[K]>;
/** The validated snapshot stored with the PDF. */
export type FormValues<K extends FormKind> = z.output<(typeof FORM_SCHEMAS)[K]>;
export type ProbableCauseBasis = (typeof PROBABLE_CAUSE_BASES)[number];
export type Officer = z.output<typeof officer>;
export type Subject = z.output<typeof subject>;
