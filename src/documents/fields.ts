/**
 * One field list per form: how a validated snapshot becomes the labelled blocks the layout
 * draws. Wording of fixed statements follows the DHS forms (paraphrased where long); every value
 * in the snapshot appears somewhere in the blocks.
 */
import type { FormKind, FormValues, Officer, ProbableCauseBasis, SEXES, Subject } from './forms.ts';
import type { Block } from './layout.ts';

type Row = readonly [label: string, value: string];

const NOT_RECORDED = 'Not recorded';

const fields = (heading: string, rows: readonly (Row | null)[]): Block => ({
  kind: 'table',
  heading,
  columns: [0.34, 0.66],
  rows: rows.filter((r): r is Row => r !== null),
  keyed: true,
});

const paragraphs = (heading: string, text: string): Block => ({ kind: 'paragraphs', heading, text });

const numbered = (heading: string, items: readonly string[]): Block => ({
  kind: 'table',
  heading,
  columns: [0.06, 0.94],
  rows: items.map((item, i) => [`${i + 1}.`, item]),
});

/** A table with a header row, or a "None recorded." paragraph when it has no rows. */
const listing = (heading: string, columns: readonly number[], header: readonly string[], rows: string[][]) =>
  rows.length === 0
    ? paragraphs(heading, 'None recorded.')
    : ({ kind: 'table', heading, columns, header, rows } as Block);

const officerText = (o: Officer) => `${o.name}, ${o.title}, ${o.agency} (ID ${o.identifier})`;

const SEX: Record<(typeof SEXES)[number], string> = { F: 'Female', M: 'Male', X: 'X', U: 'Unknown' };

const fullName = (s: Subject) =>
  [`${s.name.family},`, s.name.given, s.name.middle].filter((p) => p !== undefined).join(' ');

function subjectRows(s: Subject): Row[] {
  return [
    ['Name (family, given, middle)', fullName(s)],
    ['Aliases', s.aliases.length > 0 ? s.aliases.join('; ') : 'None recorded'],
    ['Date of birth', s.dateOfBirth],
    ...(s.sex ? [['Sex', SEX[s.sex]] as const] : []),
    ['Country of citizenship', s.countryOfCitizenship],
    ...(s.countryOfBirth ? [['Country of birth', s.countryOfBirth] as const] : []),
    ['A-number', s.aNumber ? `A${s.aNumber}` : NOT_RECORDED],
    ['FIN (IDENT)', s.fin ?? NOT_RECORDED],
    ['FBI number (UCN)', s.fbiNumber ?? NOT_RECORDED],
  ];
}

const subjectBlock = (s: Subject, heading = 'Subject') => fields(heading, subjectRows(s));

const signedBy = (label: string, o: Officer, dateLabel: string, date: string) =>
  fields('Issued by', [
    [label, officerText(o)],
    [dateLabel, date],
  ]);

const chargesBlock = (charges: readonly { provision: string; description: string }[]) =>
  listing(
    'Charges',
    [0.3, 0.7],
    ['Provision', 'Charge'],
    charges.map((c) => [c.provision, c.description]),
  );

const usd = (n: number) => `$${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

export const PROBABLE_CAUSE_TEXT: Record<ProbableCauseBasis, string> = {
  final_order: 'A final order of removal against the subject.',
  pending_proceedings: 'The pendency of ongoing removal proceedings against the subject.',
  biometric_and_records:
    'Biometric confirmation of the subject’s identity and a records check of federal databases that ' +
    'affirmatively indicate, by themselves or with other reliable information, that the subject either ' +
    'lacks immigration status or, notwithstanding such status, is removable.',
  statements_or_evidence:
    'Statements made by the subject to an immigration officer and/or other reliable evidence that ' +
    'affirmatively indicate the subject either lacks immigration status or, notwithstanding such ' +
    'status, is removable.',
};

const RESPONDENT_CLASS = {
  arriving_alien: 'An arriving alien.',
  present_without_admission: 'An alien present in the United States who has not been admitted or paroled.',
  admitted_removable: 'Admitted to the United States, but removable for the reasons stated below.',
} as const;

const CUSTODY = {
  detain: 'Detained in the custody of the Department of Homeland Security',
  release_on_bond: 'Released on bond',
  release_on_recognizance: 'Released on recognizance',
  release_on_conditions: 'Released under other conditions',
} as const;

export const LEGAL_SERVICES_STATEMENT =
  'The respondent was arrested without a warrant. The examining officer advised the respondent of the ' +
  'reasons for the arrest and of the right to be represented at no expense to the Government, and ' +
  'provided the respondent with the list of free legal service providers (8 CFR 287.3(c)).';

type FieldLists = { [K in FormKind]: (d: FormValues<K>) => Block[] };

export const FIELD_LISTS: FieldLists = {
  'I-213': (d) => [
    subjectBlock(d.subject),
    fields('Encounter', [
      ['Facility', d.encounter.facility],
      ['Place of encounter', d.encounter.place],
      ['Date of encounter', d.encounter.date],
      ['Booking number', d.encounter.bookingNumber ?? NOT_RECORDED],
      ['Arresting officer', officerText(d.arrestingOfficer)],
      ['Processing officer', officerText(d.processingOfficer)],
    ]),
    listing(
      'Criminal history',
      [0.14, 0.16, 0.36, 0.34],
      ['NCIC code', 'Date', 'Offense', 'Disposition'],
      d.criminalHistory.map((c) => [c.ncicCode, c.date, c.offense, c.disposition]),
    ),
    listing(
      'Immigration history',
      [0.16, 0.84],
      ['Date', 'Event'],
      d.immigrationHistory.map((e) => [e.date, e.event]),
    ),
    paragraphs('Narrative', d.narrative),
    paragraphs('Determination', d.determination),
  ],

  'I-247A': (d) => [
    subjectBlock(d.subject),
    fields('Detainer', [
      ['Date of detainer', d.detainerDate],
      ['Addressed to (agency)', d.facility.agency],
      ['Facility', d.facility.name],
      ['Facility address', d.facility.address],
      ['Accompanying warrant', `Form ${d.accompanyingWarrant.form} No. ${d.accompanyingWarrant.number}`],
    ]),
    {
      kind: 'table',
      heading: 'Probable cause that the subject is a removable alien, based on',
      columns: [0.11, 0.89],
      header: ['Applies', 'Basis'],
      rows: Object.entries(PROBABLE_CAUSE_TEXT).map(([basis, text]) => [
        d.probableCauseBases.includes(basis as ProbableCauseBasis) ? 'Yes' : 'No',
        text,
      ]),
    },
    paragraphs(
      'Request (Box 1)',
      'It is requested that you notify DHS as early as practicable (at least 48 hours, if possible) ' +
        'before the subject is released from your custody, and maintain custody of the subject for a ' +
        `period not to exceed ${d.request.maximumHoldHours} hours beyond the time when the subject ` +
        'would otherwise have been released from your custody, to allow DHS to assume custody.',
    ),
    fields('Officers', [
      ['Issuing officer', officerText(d.issuingOfficer)],
      ['Approving ICE officer', officerText(d.approvingIceOfficer)],
    ]),
    fields(
      'Service on the subject',
      d.service
        ? [
            ['Served on', d.service.servedAt],
            ['Served by', d.service.servedBy],
            ['Language of service', d.service.language],
          ]
        : [
            [
              'Served on',
              'Not yet served: the detainer takes effect only once a copy is served on the subject',
            ],
          ],
    ),
  ],

  'I-200': (d) => [
    fields('Warrant', [
      ['Warrant number', d.warrantNumber],
      ['Authority', d.authority],
    ]),
    subjectBlock(d.subject),
    paragraphs(
      'Command',
      'To any immigration officer authorized by 8 CFR 287.5(e)(3) to serve warrants of arrest: ' +
        'probable cause having been found that the subject named above is removable from the United ' +
        'States, you are commanded to arrest and take the subject into custody for removal proceedings ' +
        'under the Immigration and Nationality Act.',
    ),
    signedBy('Issuing ICE officer', d.issuer, 'Date issued', d.issuedOn),
  ],

  'I-205': (d) => [
    fields('Warrant', [
      ['Warrant number', d.warrantNumber],
      ['Authority', d.authority],
      ['Final order dated', d.finalOrder.date],
      ['Final order entered by', d.finalOrder.by],
    ]),
    subjectBlock(d.subject),
    paragraphs(
      'Command',
      'To any officer authorized to execute warrants of removal: the subject named above being subject ' +
        'to removal from the United States under a final order, you are commanded to take the subject ' +
        'into custody and remove the subject from the United States.',
    ),
    signedBy('Issuing ICE officer', d.issuer, 'Date issued', d.issuedOn),
  ],

  'I-862': (d) => [
    subjectBlock(d.respondent, 'Respondent'),
    fields('Notice', [
      ['The respondent is', RESPONDENT_CLASS[d.respondentClass]],
      ['Hearing location', d.hearing.location ?? 'To be set'],
      ['Hearing date and time', d.hearing.at ?? 'To be set'],
    ]),
    numbered('Allegations', d.allegations),
    chargesBlock(d.charges),
    ...(d.arrest.kind === 'warrant'
      ? [
          fields('Arrest', [
            ['Arrest', 'With a warrant'],
            ['Warrant', `Form ${d.arrest.warrantForm} No. ${d.arrest.warrantNumber}`],
          ]),
        ]
      : [
          fields('Arrest', [
            ['Arrest', 'Without a warrant'],
            ['Arrested at', d.arrest.arrestedAt],
            ['Advised at', d.arrest.advisal?.advisedAt ?? NOT_RECORDED],
            ['Advised by', d.arrest.advisal?.advisedBy ?? NOT_RECORDED],
          ]),
          paragraphs('Advisal of rights (8 CFR 287.3(c))', LEGAL_SERVICES_STATEMENT),
        ]),
    signedBy('Issuing ICE officer', d.issuingOfficer, 'Date issued', d.issuedOn),
  ],

  'I-851': (d) => [
    subjectBlock(d.respondent, 'Respondent'),
    numbered('Allegations', d.allegations),
    chargesBlock(d.charges),
    paragraphs(
      'Notice',
      'Based on the allegations and charges above, the Department of Homeland Security intends to issue ' +
        'a final administrative removal order under section 238(b) of the Immigration and Nationality Act.',
    ),
    signedBy('Issuing ICE officer', d.issuingOfficer, 'Date issued', d.issuedOn),
  ],

  'I-871': (d) => [
    subjectBlock(d.subject),
    fields('Prior order and reentry', [
      ['Type of prior order', `Order of ${d.priorOrder.kind}`],
      ['Date of prior order', d.priorOrder.date],
      ['Prior order entered by', d.priorOrder.by],
      ['Removed or departed on', d.removal.date],
      ['Place of removal or departure', d.removal.place],
      ['Date of unlawful reentry', d.reentry.date ?? 'Unknown'],
      ['Place of reentry', d.reentry.place],
    ]),
    paragraphs(
      'Notice',
      'In accordance with section 241(a)(5) of the Immigration and Nationality Act and 8 CFR 241.8, ' +
        'the subject is removable as an alien who illegally reentered the United States after having ' +
        'been removed or having departed voluntarily under an order, and the prior order is to be reinstated.',
    ),
    signedBy('Issuing ICE officer', d.issuingOfficer, 'Date issued', d.issuedOn),
  ],

  'I-286': (d) => [
    subjectBlock(d.subject),
    fields('Custody determination', [
      ['Determination', CUSTODY[d.determination]],
      d.bondAmountUsd !== undefined ? ['Bond amount', usd(d.bondAmountUsd)] : null,
      ['Conditions', d.conditions.length > 0 ? d.conditions.join('; ') : 'None'],
      ['Authority', d.authority],
      ['ICE officer', officerText(d.iceOfficer)],
      ['Date of determination', d.determinedOn],
    ]),
  ],

  'I-203': (d) => [
    subjectBlock(d.subject),
    fields('Order', [
      ['Order', d.order === 'detain' ? 'Detain the subject' : 'Release the subject'],
      ['Receiving facility', d.receivingFacility.name],
      ['Facility address', d.receivingFacility.address],
      ['Conditions', d.conditions.length > 0 ? d.conditions.join('; ') : 'None'],
      ['ICE officer', officerText(d.iceOfficer)],
      ['Date of order', d.orderedOn],
    ]),
  ],
};
