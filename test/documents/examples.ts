/**
 * One synthetic example per form for the document tests. The subject comes from the seeded
 * synthetic-people generator; officers, facilities and numbers are invented. `shows` maps the
 * path of each coded value (an enum, a number) to the text the PDF prints for it.
 */
import type { FormInput, FormKind } from '../../src/documents/forms.ts';
import { syntheticPeople } from '../../src/matching/synthetic.ts';

const cap = (s: string) => s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());

const person = syntheticPeople(1, 2026)[0]!;

export const subject = {
  name: {
    family: cap(person.last_name ?? 'Ravelo'),
    given: cap(person.first_name ?? 'Tamsin'),
    middle: 'Ora',
  },
  aliases: ['Tam Ravel'],
  dateOfBirth: person.dob || '1991-07-14',
  sex: 'F' as const,
  countryOfCitizenship: 'Testland',
  countryOfBirth: 'Testland',
  aNumber: person.a_number || '212345678',
  fin: '1234567890',
  fbiNumber: 'AB12CD34E',
};

const lea = { name: 'Dana Kestrel', title: 'Deputy', identifier: 'D-4471', agency: 'Fairview County SO' };
const ice = { name: 'Morgan Tollis', title: 'SDDO', identifier: 'ICE-2210', agency: 'ERO Atlanta' };
const facility = {
  agency: 'Fairview County SO',
  name: 'Fairview County Jail',
  address: '100 Main St, Fairview, GA',
};

export interface Example<K extends FormKind> {
  kind: K;
  data: FormInput<K>;
  shows: Record<string, string>;
}

const sexShown = { 'subject.sex': 'Female' };

export const i213: Example<'I-213'> = {
  kind: 'I-213',
  data: {
    subject,
    encounter: {
      facility: 'Fairview County Jail',
      place: 'Fairview, GA',
      date: '2026-03-02',
      bookingNumber: 'B26-0042',
    },
    arrestingOfficer: lea,
    processingOfficer: { ...lea, name: 'Avery Lund', identifier: 'D-5120' },
    narrative: 'The subject was booked on a state charge and screened under the JEM agreement.',
    criminalHistory: [
      { ncicCode: '1313', offense: 'Simple assault', date: '2026-03-01', disposition: 'Pending' },
    ],
    immigrationHistory: [{ date: '2019-05-20', event: 'Entered without inspection near Testport' }],
    determination: 'Removable under INA 212(a)(6)(A)(i); refer for a Notice to Appear.',
  },
  shows: sexShown,
};

export const i247a: Example<'I-247A'> = {
  kind: 'I-247A',
  data: {
    subject,
    detainerDate: '2026-03-03',
    facility,
    probableCauseBases: ['biometric_and_records', 'statements_or_evidence'],
    request: { notifyBeforeRelease: true, maximumHoldHours: 48 },
    accompanyingWarrant: { form: 'I-200', number: 'W-2026-0091' },
    issuingOfficer: lea,
    approvingIceOfficer: ice,
    service: { servedAt: '2026-03-03T15:20:00Z', servedBy: 'Dana Kestrel', language: 'Spanish' },
  },
  shows: {
    ...sexShown,
    'probableCauseBases.0': 'Yes Biometric confirmation',
    'probableCauseBases.1': 'Yes Statements made by the subject',
    'request.maximumHoldHours': 'not to exceed 48 hours',
  },
};

export const i200: Example<'I-200'> = {
  kind: 'I-200',
  data: {
    warrantNumber: 'W-2026-0091',
    subject,
    authority: 'INA 236 and 287; 8 CFR 236.1 and 287',
    issuer: ice,
    issuedOn: '2026-03-03',
  },
  shows: sexShown,
};

export const i205: Example<'I-205'> = {
  kind: 'I-205',
  data: {
    warrantNumber: 'R-2026-0007',
    subject,
    authority: 'INA 241; 8 CFR 241.2',
    finalOrder: { date: '2024-11-12', by: 'Immigration Judge, Atlanta' },
    issuer: ice,
    issuedOn: '2026-03-04',
  },
  shows: sexShown,
};

export const i862: Example<'I-862'> = {
  kind: 'I-862',
  data: {
    respondent: subject,
    respondentClass: 'present_without_admission',
    allegations: ['You are not a citizen or national of the United States.', 'You are a native of Testland.'],
    charges: [{ provision: 'INA 212(a)(6)(A)(i)', description: 'Present without admission or parole' }],
    arrest: {
      kind: 'warrantless',
      arrestedAt: '2026-03-02T08:00:00-05:00',
      advisal: {
        reasonsForArrest: true,
        rightToCounsel: true,
        legalServicesListProvided: true,
        advisedAt: '2026-03-02T10:30:00-05:00',
        advisedBy: 'Avery Lund',
      },
    },
    issuingOfficer: ice,
    issuedOn: '2026-03-05',
  },
  shows: {
    'respondent.sex': 'Female',
    respondentClass: 'has not been admitted or paroled',
    'arrest.kind': 'Without a warrant',
    'arrest.advisal.legalServicesListProvided':
      'provided the respondent with the list of free legal service providers (8 CFR 287.3(c))',
  },
};

export const i851: Example<'I-851'> = {
  kind: 'I-851',
  data: {
    respondent: subject,
    allegations: ['You are not a citizen or national of the United States.'],
    charges: [{ provision: 'INA 237(a)(2)(A)(iii)', description: 'Aggravated felony conviction' }],
    issuingOfficer: ice,
    issuedOn: '2026-03-05',
  },
  shows: { 'respondent.sex': 'Female' },
};

export const i871: Example<'I-871'> = {
  kind: 'I-871',
  data: {
    subject,
    priorOrder: { kind: 'removal', date: '2021-02-03', by: 'Immigration Judge, Houston' },
    removal: { date: '2021-03-01', place: 'Port of Testport' },
    reentry: { date: '2023-06-15', place: 'Near Testport' },
    issuingOfficer: ice,
    issuedOn: '2026-03-05',
  },
  shows: { ...sexShown, 'priorOrder.kind': 'Order of removal' },
};

export const i286: Example<'I-286'> = {
  kind: 'I-286',
  data: {
    subject,
    determination: 'release_on_bond',
    bondAmountUsd: 7500,
    conditions: ['Report monthly to ERO Atlanta'],
    authority: 'INA 236; 8 CFR 236.1',
    iceOfficer: ice,
    determinedOn: '2026-03-06',
  },
  shows: { ...sexShown, determination: 'Released on bond', bondAmountUsd: '$7,500' },
};

export const i203: Example<'I-203'> = {
  kind: 'I-203',
  data: {
    subject,
    order: 'detain',
    receivingFacility: { name: 'Testport Processing Center', address: '9 Harbor Rd, Testport, GA' },
    iceOfficer: ice,
    orderedOn: '2026-03-06',
  },
  shows: { ...sexShown, order: 'Detain the subject' },
};

export const EXAMPLES = [i213, i247a, i200, i205, i862, i851, i871, i286, i203] as const;
