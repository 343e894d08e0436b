/**
 * NIEM 5.2 documents (documents/niem.ts): every document built here is validated with
 * `xmllint --schema` against the real release in ../shared/data (one compile, one run); a
 * document with its elements out of order must fail, so the validation is not vacuous.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CaseForNiem,
  type CaseSubjectForNiem,
  detainerFromCase,
  encounterFromCase,
  escapeXml,
  type HistoricalEncounter,
  niemExchangeXml,
  personFromSubject,
  subjectsFromRows,
} from '../../src/documents/niem.ts';
import { type NiemValidator, niemValidator, type Validation } from './niem-schema.ts';

const AT = '2026-11-29T12:00:00.000Z';

const row = (over: Partial<HistoricalEncounter> = {}): HistoricalEncounter => ({
  encounterId: 'E-1',
  agency: 'Harris County Sheriff’s Office',
  state: 'TX',
  model: 'JEM',
  encounterDate: '2019-03-04',
  subjectId: 'S-1',
  convictions: [
    { code: '1313', date: '2015-01-02' },
    { code: '5499', date: '2016-07-08' },
  ],
  pendingCharges: ['3562'],
  detainerIssued: true,
  removalProceedings: false,
  ...over,
});

const SUBJECT: CaseSubjectForNiem = {
  subjectId: '0193a1b2-0000-7000-8000-000000000001',
  firstName: 'Tobias',
  middleName: 'Ansel',
  lastName: 'Quillfeather',
  dob: '1988-05-17',
  aNumber: 'A123456789',
  fbiNumber: 'FBI12345',
};

const kase = (record: CaseForNiem['record'], over: Partial<CaseForNiem> = {}): CaseForNiem => ({
  caseNumber: 'JEM-2026-17',
  model: 'JEM',
  openedAt: new Date('2026-11-20T09:30:00Z'),
  facilityCode: 'MAIN',
  jurisdiction: null,
  record,
  ...over,
});

const DRAFTED = {
  basis: 'biometric_and_records' as const,
  basisNarrative: 'IDENT match; EID shows entry without inspection.',
  draftedAt: '2026-11-21T10:00:00Z',
};
const APPROVED = { ...DRAFTED, approvedAt: '2026-11-21T11:00:00Z' };
const SERVED = { ...APPROVED, served: { at: '2026-11-21T12:00:00Z' } };

function caseDocument(c: CaseForNiem, subject = SUBJECT): string {
  const person = personFromSubject(subject);
  const detainer = detainerFromCase(c);
  return niemExchangeXml({
    createdAt: AT,
    description: `Case ${c.caseNumber}`,
    subjects: [
      {
        person,
        encounters: [
          encounterFromCase(c, 'Example County Sheriff', [{ ncic: '1313', description: 'Simple assault' }]),
        ],
      },
    ],
    detainers: detainer ? [{ subjectId: person.subjectId, detainer }] : [],
  });
}

const DOCUMENTS: Record<string, string> = {
  'history.xml': niemExchangeXml({
    createdAt: AT,
    description: 'Encounters 2019-01-01 to 2019-12-31',
    subjects: subjectsFromRows([
      row(),
      row({
        encounterId: 'E-2',
        subjectId: 'S-2',
        model: 'TFM',
        state: 'FL',
        convictions: [],
        pendingCharges: [],
      }),
      row({ encounterId: 'E-3', encounterDate: '2019-09-30', model: 'WSO', removalProceedings: true }),
    ]),
  }),
  'empty.xml': niemExchangeXml({ createdAt: AT, description: 'No encounters in the window', subjects: [] }),
  'hostile-text.xml': niemExchangeXml({
    createdAt: AT,
    description: '=HYPERLINK("x") <b>&amp;</b> \'quoted\' \u0001\u0008 \uD800 ]]> end',
    subjects: subjectsFromRows([
      row({ agency: 'A & B <County> "Sheriff"', encounterId: 'E-<1>', subjectId: "S-'1'" }),
    ]),
  }),
  'case-no-detainer.xml': caseDocument(kase({})),
  'case-drafted.xml': caseDocument(kase({ detainer: DRAFTED })),
  'case-served.xml': caseDocument(kase({ detainer: SERVED, charging: { signedAt: '2026-11-21T09:00:00Z' } })),
  'case-lifted.xml': caseDocument(
    kase({
      detainer: SERVED,
      lift: { at: '2026-11-22T08:00:00Z', reason: 'prosecutorial_discretion', note: '' },
    }),
  ),
  'case-custody.xml': caseDocument(
    kase({
      detainer: SERVED,
      custody: { at: '2026-11-22T08:00:00Z', receivingFacility: 'ICE Processing Center' },
    }),
  ),
  'case-tfm-no-identifiers.xml': caseDocument(
    kase(
      { encounter: { at: '2026-11-19T22:15:00Z', location: 'Route 9 at Elm Street' } },
      { model: 'TFM', facilityCode: null, jurisdiction: 'Example County' },
    ),
    { ...SUBJECT, middleName: null, aNumber: null, fbiNumber: null },
  ),
};

/** The history document with the encounter's date moved after its location: out of schema order. */
const OUT_OF_ORDER = DOCUMENTS['history.xml']!.replace(
  /(<nc:ActivityDate>\s*<nc:Date>2019-03-04<\/nc:Date>\s*<\/nc:ActivityDate>)(\s*)(<nc:ActivityLocation>[\s\S]*?<\/nc:ActivityLocation>)/,
  '$3$2$1',
);

describe('NIEM 5.2 documents', () => {
  let v: NiemValidator;
  let validation: Validation;
  beforeAll(() => {
    v = niemValidator();
    const files = Object.entries({ ...DOCUMENTS, 'out-of-order.xml': OUT_OF_ORDER }).map(([name, xml]) =>
      v.write(name, xml),
    );
    validation = v.validate(files);
  }, 120_000);
  afterAll(() => v?.remove());

  it('refuses a document whose elements are out of schema order (the validation is real)', () => {
    expect(OUT_OF_ORDER).not.toBe(DOCUMENTS['history.xml']);
    expect(validation.results.get('out-of-order.xml')).toBe(false);
    expect(validation.output).toMatch(/out-of-order\.xml:\d+: element ActivityDate: Schemas validity error/);
  });

  it('refuses a detainer about a subject the exchange does not hold', () => {
    const detainer = detainerFromCase(kase({ detainer: DRAFTED }))!;
    expect(() =>
      niemExchangeXml({
        createdAt: AT,
        description: 'x',
        subjects: [],
        detainers: [{ subjectId: 'nobody', detainer }],
      }),
    ).toThrow(/names a subject not in the exchange/);
  });

  it.each(Object.keys(DOCUMENTS))('%s validates against the NIEM 5.2 schemas', (name) => {
    expect(validation.results.get(name), validation.output).toBe(true);
  });

  it('escapes markup and replaces characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u001Fc\uFFFEd\uD800e\tf\ng')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\tf\ng');
    expect(escapeXml('\u{1F600} ok')).toBe('\u{1F600} ok');
    const xml = DOCUMENTS['hostile-text.xml']!;
    expect(xml).toContain(
      '<nc:OrganizationName>A &amp; B &lt;County&gt; &quot;Sheriff&quot;</nc:OrganizationName>',
    );
    expect(xml).toContain('<nc:IdentificationID>E-&lt;1&gt;</nc:IdentificationID>');
    expect([...xml].some((ch) => ch.charCodeAt(0) < 0x9)).toBe(false);
  });

  it('puts one im:AlienRole per subject, its encounters inside, convictions and pending charges augmenting each', () => {
    const xml = DOCUMENTS['history.xml']!;
    expect(xml.match(/<im:AlienRole>/g)).toHaveLength(2);
    expect(xml.match(/<im:AlienEncounter /g)).toHaveLength(3);
    // S-1's two encounters sit in the first role, in date order.
    const first = xml.slice(xml.indexOf('<im:AlienRole>'), xml.indexOf('</im:AlienRole>'));
    expect(first).toContain('<nc:IdentificationID>S-1</nc:IdentificationID>');
    expect(first.indexOf('E-1')).toBeLessThan(first.indexOf('E-3'));
    expect(first).toContain('<j:ChargeCategoryDescriptionText>assault</j:ChargeCategoryDescriptionText>');
    expect(first).toContain('<j:ChargeNCICText>5499</j:ChargeNCICText>');
    expect(first).toContain('<nc:StatusDescriptionText>pending</nc:StatusDescriptionText>');
    expect(first).toContain(
      '<nc:ActivityCategoryText>287(g) Warrant Service Officer model</nc:ActivityCategoryText>',
    );
    expect(xml).toContain('<dx:RemovalProceedingsIndicator>true</dx:RemovalProceedingsIndicator>');
  });

  it('maps a case: A-number, FBI number, the detainer linked to the subject, its status from the record', () => {
    const served = DOCUMENTS['case-served.xml']!;
    expect(served).toMatch(
      /<im:AlienNumberIdentification>\s*<nc:IdentificationID>A123456789<\/nc:IdentificationID>/,
    );
    expect(served).toMatch(/<j:PersonFBIIdentification>\s*<nc:IdentificationID>FBI12345</);
    expect(served).toContain('<j:DetainerNotificationRequest structures:id="D1">');
    expect(served).toContain('<nc:Activity structures:ref="D1" xsi:nil="true"/>');
    expect(served).toContain('<nc:RoleOfPerson structures:ref="P1" xsi:nil="true"/>');
    expect(served).toContain('<dx:DetainerIssuedIndicator>true</dx:DetainerIssuedIndicator>');
    expect(served).toContain('<dx:RemovalProceedingsIndicator>true</dx:RemovalProceedingsIndicator>');
    expect(DOCUMENTS['case-no-detainer.xml']).not.toContain('DetainerNotificationRequest');
    const status = (c: CaseForNiem) => detainerFromCase(c)?.status;
    expect(status(kase({}))).toBeUndefined();
    expect(status(kase({ detainer: DRAFTED }))).toBe('drafted');
    expect(status(kase({ detainer: APPROVED }))).toBe('approved');
    expect(status(kase({ detainer: SERVED }))).toBe('served');
    expect(DOCUMENTS['case-lifted.xml']).toContain('Detainer lifted: prosecutorial discretion.');
    expect(DOCUMENTS['case-custody.xml']).toContain(
      'ICE assumed custody; received at ICE Processing Center.',
    );
    expect(DOCUMENTS['case-drafted.xml']).toContain(
      '<dx:DetainerIssuedIndicator>false</dx:DetainerIssuedIndicator>',
    );
  });
});
