/**
 * NIEM 5.2 XML for the exchanges of issue 8: encounters (from a historical encounter row or a
 * screening case) and the I-247A detainer of a case. Pure: no I/O, no clock.
 *
 * An instance is one `dx:ImmigrationExchange` (Delegate's exchange schema, `exchangeSchema()`,
 * which only adds the root and one augmentation and otherwise reuses NIEM): one `im:AlienRole`
 * per subject holding the `nc:Person` and the subject's `im:AlienEncounter`s, each encounter
 * augmented with its convictions (`j:Conviction`), pending charges (`j:Charge`) and outcome
 * indicators; detainers are `j:DetainerNotificationRequest` (the I-247A asks the agency to
 * notify DHS before release and maintain custody), linked to the subject by
 * `j:ActivitySubjectAssociation` through `structures:ref`. Element order follows the content
 * models of the NIEM 5.2 schemas; the tests validate every export with `xmllint --schema`.
 */
import type { DetainerBasis, LiftReason } from '../domain/jem-case.ts';
import { CONVICTION_CATEGORIES } from '../domain/statistics.ts';

export const NIEM_NAMESPACES = {
  nc: 'http://release.niem.gov/niem/niem-core/5.0/',
  im: 'http://release.niem.gov/niem/domains/immigration/5.2/',
  j: 'http://release.niem.gov/niem/domains/jxdm/7.2/',
  structures: 'http://release.niem.gov/niem/structures/5.0/',
  'niem-xs': 'http://release.niem.gov/niem/proxy/niem-xs/5.0/',
  cli: 'http://reference.niem.gov/niem/specification/code-lists/5.0/code-lists-instance/',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  /** Delegate's exchange namespace: the root element and the encounter augmentation. */
  dx: 'urn:delegate:niem:exchange:1.0',
} as const;

export type DelegationModel = 'JEM' | 'WSO' | 'TFM';

export const MODEL_LABEL: Record<DelegationModel, string> = {
  JEM: '287(g) Jail Enforcement Model',
  WSO: '287(g) Warrant Service Officer model',
  TFM: '287(g) Task Force Model',
};

/** The subject. Names and identifiers are present for case exports, absent for historical rows. */
export interface NiemPerson {
  subjectId: string;
  givenName?: string | null;
  middleName?: string | null;
  surname?: string | null;
  /** YYYY-MM-DD. */
  birthDate?: string | null;
  aNumber?: string | null;
  fbiNumber?: string | null;
}

export interface NiemEncounter {
  encounterId: string;
  model: DelegationModel;
  /** YYYY-MM-DD. */
  date: string;
  agency: string;
  /** USPS code of the state. */
  state?: string | null;
  /** Facility code or place of the encounter. */
  location?: string | null;
  /** Convictions known at the encounter: NCIC offense code and conviction date. */
  convictions: ReadonlyArray<{ code: string; date: string }>;
  pendingCharges: ReadonlyArray<{ code: string; description?: string | null }>;
  detainerIssued: boolean;
  removalProceedings: boolean;
}

export type DetainerStatus = 'drafted' | 'approved' | 'served' | 'lifted' | 'custody_assumed';

/** The I-247A data of a case. Instants are ISO 8601 strings. */
export interface NiemDetainer {
  detainerId: string;
  status: DetainerStatus;
  basis: DetainerBasis;
  basisNarrative: string;
  draftedAt: string;
  approvedAt?: string | null;
  servedAt?: string | null;
  /** The facility (jail) the detainer is addressed to. */
  facility?: string | null;
  /** How the detainer ended, when it has. */
  disposition?: { at: string; description: string } | null;
}

export interface NiemSubjectRecord {
  person: NiemPerson;
  encounters: readonly NiemEncounter[];
}

export interface NiemExchange {
  /** ISO 8601 instant the document was made (passed in: the module reads no clock). */
  createdAt: string;
  description: string;
  subjects: readonly NiemSubjectRecord[];
  /** Detainers, each naming the subject (by `subjectId`) it concerns. */
  detainers?: ReadonlyArray<{ subjectId: string; detainer: NiemDetainer }>;
}

// Mapping from Delegate's records ---------------------------------------------------------------

/** A historical encounter row (migration 0008) as `encounterFromRow` reads it. */
export interface HistoricalEncounter {
  encounterId: string;
  agency: string;
  state: string;
  model: DelegationModel;
  encounterDate: string;
  subjectId: string;
  convictions: ReadonlyArray<{ code: string; date: string }>;
  pendingCharges: readonly string[];
  detainerIssued: boolean;
  removalProceedings: boolean;
}

export function encounterFromRow(row: HistoricalEncounter): NiemEncounter {
  return {
    encounterId: row.encounterId,
    model: row.model,
    date: row.encounterDate,
    agency: row.agency,
    state: row.state,
    location: null,
    convictions: row.convictions,
    pendingCharges: row.pendingCharges.map((code) => ({ code })),
    detainerIssued: row.detainerIssued,
    removalProceedings: row.removalProceedings,
  };
}

/** Groups historical rows by subject, in first-seen order. */
export function subjectsFromRows(rows: readonly HistoricalEncounter[]): NiemSubjectRecord[] {
  const bySubject = new Map<string, NiemEncounter[]>();
  for (const row of rows) {
    const list = bySubject.get(row.subjectId) ?? [];
    list.push(encounterFromRow(row));
    bySubject.set(row.subjectId, list);
  }
  return [...bySubject].map(([subjectId, encounters]) => ({ person: { subjectId }, encounters }));
}

/** The parts of a case `encounterFromCase` and `detainerFromCase` read (see store/casework.ts). */
export interface CaseForNiem {
  caseNumber: string;
  model: DelegationModel;
  openedAt: Date;
  facilityCode: string | null;
  jurisdiction: string | null;
  record: {
    encounter?: { at: string; location: string } | undefined;
    charging?: { signedAt?: string | undefined } | undefined;
    detainer?:
      | {
          basis: DetainerBasis;
          basisNarrative: string;
          draftedAt: string;
          approvedAt?: string | undefined;
          served?: { at: string } | undefined;
        }
      | undefined;
    custody?: { at: string; receivingFacility: string } | undefined;
    lift?: { at: string; reason: LiftReason; note: string } | undefined;
  };
}

export interface CaseSubjectForNiem {
  subjectId: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  dob: string;
  aNumber: string | null;
  fbiNumber: string | null;
}

export const personFromSubject = (s: CaseSubjectForNiem): NiemPerson => ({
  subjectId: s.subjectId,
  givenName: s.firstName,
  middleName: s.middleName,
  surname: s.lastName,
  birthDate: s.dob,
  aNumber: s.aNumber,
  fbiNumber: s.fbiNumber,
});

export function encounterFromCase(
  kase: CaseForNiem,
  agency: string,
  charges: ReadonlyArray<{ ncic: string; description: string }>,
): NiemEncounter {
  const at = kase.record.encounter?.at ?? kase.openedAt.toISOString();
  return {
    encounterId: kase.caseNumber,
    model: kase.model,
    date: at.slice(0, 10),
    agency,
    state: null,
    location: kase.facilityCode ?? kase.record.encounter?.location ?? kase.jurisdiction,
    convictions: [],
    pendingCharges: charges.map((c) => ({ code: c.ncic, description: c.description })),
    detainerIssued: kase.record.detainer?.served !== undefined,
    // The charging document signed by ICE starts removal proceedings.
    removalProceedings: kase.record.charging?.signedAt !== undefined,
  };
}

const LIFT_LABEL: Record<LiftReason, string> = {
  prosecutorial_discretion: 'prosecutorial discretion',
  insufficient_evidence: 'insufficient evidence',
  lawful_status_found: 'lawful status found',
  citizenship_confirmed: 'U.S. citizenship confirmed',
  subject_in_other_custody: 'subject in other custody',
  duplicate_detainer: 'duplicate detainer',
  other: 'other',
};

/** The I-247A of a case, or null when none was drafted. */
export function detainerFromCase(kase: CaseForNiem): NiemDetainer | null {
  const d = kase.record.detainer;
  if (!d) return null;
  const { lift, custody } = kase.record;
  const status: DetainerStatus = lift
    ? 'lifted'
    : custody
      ? 'custody_assumed'
      : d.served
        ? 'served'
        : d.approvedAt
          ? 'approved'
          : 'drafted';
  const disposition = lift
    ? { at: lift.at, description: `Detainer lifted: ${LIFT_LABEL[lift.reason]}.` }
    : custody
      ? { at: custody.at, description: `ICE assumed custody; received at ${custody.receivingFacility}.` }
      : null;
  return {
    detainerId: `${kase.caseNumber}-I-247A`,
    status,
    basis: d.basis,
    basisNarrative: d.basisNarrative,
    draftedAt: d.draftedAt,
    approvedAt: d.approvedAt ?? null,
    servedAt: d.served?.at ?? null,
    facility: kase.facilityCode,
    disposition,
  };
}

// XML ------------------------------------------------------------------------------------------

interface XmlNode {
  name: string;
  attrs?: Record<string, string>;
  text?: string;
  children?: ReadonlyArray<XmlNode | null>;
}

/** XML 1.0 carries tab, LF, CR and U+0020 up, except surrogates (unpaired here) and U+FFFE/U+FFFF. */
function xmlCharacters(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const allowed =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      c >= 0x10000;
    out += allowed ? ch : '\uFFFD';
  }
  return out;
}

/** Text safe for element content and attribute values: markup escaped, impossible characters replaced. */
export function escapeXml(s: string): string {
  return xmlCharacters(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

function render(node: XmlNode, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const children = (node.children ?? []).filter((c): c is XmlNode => c !== null);
  if (node.text !== undefined) out.push(`${pad}<${node.name}${attrs}>${escapeXml(node.text)}</${node.name}>`);
  else if (children.length === 0) out.push(`${pad}<${node.name}${attrs}/>`);
  else {
    out.push(`${pad}<${node.name}${attrs}>`);
    for (const c of children) render(c, depth + 1, out);
    out.push(`${pad}</${node.name}>`);
  }
}

const el = (name: string, ...children: ReadonlyArray<XmlNode | null>): XmlNode => ({ name, children });
const txt = (name: string, text: string): XmlNode => ({ name, text });
const opt = (value: string | null | undefined, make: (v: string) => XmlNode): XmlNode | null =>
  value === null || value === undefined || value === '' ? null : make(value);
/** A reference to an object elsewhere in the document (NIEM reference by `structures:ref`). */
const ref = (name: string, id: string): XmlNode => ({
  name,
  attrs: { 'structures:ref': id, 'xsi:nil': 'true' },
});
const withId = (node: XmlNode, id: string): XmlNode => ({ ...node, attrs: { 'structures:id': id } });

/** A USPS state code, naming its code list (NIEM's USPS code namespace). */
const stateCode = (code: string): XmlNode => ({
  name: 'nc:StateCode',
  attrs: { 'cli:codeListURI': 'http://release.niem.gov/niem/codes/usps/5.0/' },
  text: code,
});
const identification = (name: string, id: string) => el(name, txt('nc:IdentificationID', id));
const dateOf = (name: string, isoDate: string) => el(name, txt('nc:Date', isoDate));
const dateTimeOf = (name: string, instant: string) => el(name, txt('nc:DateTime', instant));

function personNode(p: NiemPerson, id: string): XmlNode {
  const hasName = Boolean(p.givenName || p.middleName || p.surname);
  return withId(
    el(
      'nc:Person',
      opt(p.birthDate, (d) => dateOf('nc:PersonBirthDate', d)),
      hasName
        ? el(
            'nc:PersonName',
            opt(p.givenName, (v) => txt('nc:PersonGivenName', v)),
            opt(p.middleName, (v) => txt('nc:PersonMiddleName', v)),
            opt(p.surname, (v) => txt('nc:PersonSurName', v)),
          )
        : null,
      el(
        'nc:PersonOtherIdentification',
        txt('nc:IdentificationID', p.subjectId),
        txt('nc:IdentificationCategoryDescriptionText', 'Delegate subject identifier'),
      ),
      opt(p.fbiNumber, (v) => el('j:PersonAugmentation', identification('j:PersonFBIIdentification', v))),
    ),
    id,
  );
}

const categoryLabel = (ncic: string): string | null =>
  CONVICTION_CATEGORIES.find((c) => c.prefix === ncic.slice(0, 2))?.label ?? null;

function encounterNode(e: NiemEncounter, id: string): XmlNode {
  return withId(
    el(
      'im:AlienEncounter',
      identification('nc:ActivityIdentification', e.encounterId),
      txt('nc:ActivityCategoryText', MODEL_LABEL[e.model]),
      dateOf('nc:ActivityDate', e.date),
      e.state || e.location
        ? el(
            'nc:ActivityLocation',
            opt(e.state, (s) => el('nc:Address', el('nc:AddressState', stateCode(s)))),
            opt(e.location, (l) => txt('nc:LocationName', l)),
          )
        : null,
      el(
        'dx:AlienEncounterAugmentation',
        el('dx:EncounterAgency', txt('nc:OrganizationName', e.agency)),
        ...e.convictions.map((c) =>
          el(
            'j:Conviction',
            dateOf('nc:ActivityDate', c.date),
            el(
              'j:ConvictionCharge',
              opt(categoryLabel(c.code), (l) => txt('j:ChargeCategoryDescriptionText', l)),
              txt('j:ChargeNCICText', c.code),
            ),
          ),
        ),
        ...e.pendingCharges.map((c) =>
          el(
            'j:Charge',
            opt(categoryLabel(c.code), (l) => txt('j:ChargeCategoryDescriptionText', l)),
            opt(c.description, (d) => txt('j:ChargeDescriptionText', d)),
            el('j:ChargeStatus', txt('nc:StatusDescriptionText', 'pending')),
            txt('j:ChargeNCICText', c.code),
          ),
        ),
        txt('dx:DetainerIssuedIndicator', String(e.detainerIssued)),
        txt('dx:RemovalProceedingsIndicator', String(e.removalProceedings)),
      ),
    ),
    id,
  );
}

const BASIS_LABEL: Record<DetainerBasis, string> = {
  final_order: 'Final order of removal against the subject',
  pending_proceedings: 'Removal proceedings pending against the subject',
  biometric_and_records: 'Biometric confirmation of identity and records checks of federal databases',
  statements_or_evidence: 'Statements of the subject to an immigration officer or other reliable evidence',
  investigation_initiated: 'Investigation initiated (not a sufficient basis)',
  database_no_match: 'No database match (not a sufficient basis)',
};

const STATUS_LABEL: Record<DetainerStatus, string> = {
  drafted: 'drafted',
  approved: 'approved by ICE',
  served: 'served on the subject (effective)',
  lifted: 'lifted',
  custody_assumed: 'ICE assumed custody',
};

function detainerNode(d: NiemDetainer, id: string): XmlNode {
  return withId(
    el(
      'j:DetainerNotificationRequest',
      el(
        'nc:ActivityIdentification',
        txt('nc:IdentificationID', d.detainerId),
        txt('nc:IdentificationCategoryDescriptionText', 'Form I-247A'),
      ),
      d.approvedAt !== undefined ? txt('nc:ActivityApprovedIndicator', String(Boolean(d.approvedAt))) : null,
      txt('nc:ActivityCategoryText', 'Form I-247A, Immigration Detainer - Notice of Action'),
      dateTimeOf('nc:ActivityDate', d.draftedAt),
      txt('nc:ActivityDescriptionText', d.basisNarrative),
      d.disposition
        ? el(
            'nc:ActivityDisposition',
            dateTimeOf('nc:DispositionDate', d.disposition.at),
            txt('nc:DispositionDescriptionText', d.disposition.description),
          )
        : null,
      // A detainer takes effect only when served on the subject.
      opt(d.servedAt, (at) => dateTimeOf('nc:ActivityEffectiveDate', at)),
      opt(d.facility, (f) => el('nc:ActivityLocation', txt('nc:LocationName', f))),
      txt('nc:ActivityReasonText', BASIS_LABEL[d.basis]),
      el('nc:ActivityStatus', txt('nc:StatusDescriptionText', STATUS_LABEL[d.status])),
      txt('j:NotificationRequestAuthorityText', 'INA 287(d), 8 U.S.C. 1357(d); 8 CFR 287.7'),
    ),
    id,
  );
}

/** The exchange document. Subjects are numbered P1…, encounters E1…, detainers D1… */
export function niemExchangeXml(x: NiemExchange): string {
  const personIds = new Map<string, string>();
  let encounterN = 0;
  const roles = x.subjects.map((s, i) => {
    const pid = `P${i + 1}`;
    personIds.set(s.person.subjectId, pid);
    return el(
      'im:AlienRole',
      personNode(s.person, pid),
      ...s.encounters.map((e) => encounterNode(e, `E${++encounterN}`)),
      opt(s.person.aNumber, (a) =>
        el('im:AlienIDDetails', identification('im:AlienNumberIdentification', a)),
      ),
    );
  });
  const detainers: XmlNode[] = [];
  const links: XmlNode[] = [];
  (x.detainers ?? []).forEach(({ subjectId, detainer }, i) => {
    const did = `D${i + 1}`;
    const pid = personIds.get(subjectId);
    if (!pid) throw new Error(`detainer ${detainer.detainerId} names a subject not in the exchange`);
    detainers.push(detainerNode(detainer, did));
    links.push(
      el(
        'j:ActivitySubjectAssociation',
        ref('nc:Activity', did),
        el('j:Subject', ref('nc:RoleOfPerson', pid)),
      ),
    );
  });
  const root: XmlNode = {
    name: 'dx:ImmigrationExchange',
    attrs: Object.fromEntries(Object.entries(NIEM_NAMESPACES).map(([p, uri]) => [`xmlns:${p}`, uri])),
    children: [
      dateTimeOf('nc:DocumentCreationDate', x.createdAt),
      txt('dx:ExchangeDescriptionText', x.description),
      ...roles,
      ...detainers,
      ...links,
    ],
  };
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, 0, out);
  return `${out.join('\n')}\n`;
}

/**
 * Delegate's exchange schema: the root element and the encounter augmentation, importing NIEM
 * 5.2 from `niemXsdDir` (the release's `xsd/` folder, as a path or URI). Recipients validate
 * with it; the tests compile it against the release in ../shared/data.
 */
export function exchangeSchema(niemXsdDir: string): string {
  const at = (file: string) => escapeXml(`${niemXsdDir.replace(/\/$/, '')}/${file}`);
  const ns = NIEM_NAMESPACES;
  return `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema targetNamespace="${ns.dx}" version="1"
  xmlns:dx="${ns.dx}" xmlns:im="${ns.im}" xmlns:j="${ns.j}" xmlns:nc="${ns.nc}"
  xmlns:niem-xs="${ns['niem-xs']}" xmlns:structures="${ns.structures}"
  xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:annotation>
    <xs:documentation>Delegate exchange of 287(g) encounters and immigration detainers (NIEM 5.2).</xs:documentation>
  </xs:annotation>
  <xs:import namespace="${ns.structures}" schemaLocation="${at('utility/structures.xsd')}"/>
  <xs:import namespace="${ns['niem-xs']}" schemaLocation="${at('adapters/niem-xs.xsd')}"/>
  <xs:import namespace="${ns.nc}" schemaLocation="${at('niem-core.xsd')}"/>
  <xs:import namespace="${ns.im}" schemaLocation="${at('domains/immigration.xsd')}"/>
  <xs:import namespace="${ns.j}" schemaLocation="${at('domains/jxdm.xsd')}"/>
  <xs:complexType name="ImmigrationExchangeType">
    <xs:annotation><xs:documentation>A data type for an exchange of encounters and detainers.</xs:documentation></xs:annotation>
    <xs:complexContent>
      <xs:extension base="structures:ObjectType">
        <xs:sequence>
          <xs:element ref="nc:DocumentCreationDate" minOccurs="1" maxOccurs="1"/>
          <xs:element ref="dx:ExchangeDescriptionText" minOccurs="0" maxOccurs="1"/>
          <xs:element ref="im:AlienRole" minOccurs="0" maxOccurs="unbounded"/>
          <xs:element ref="j:DetainerNotificationRequest" minOccurs="0" maxOccurs="unbounded"/>
          <xs:element ref="j:ActivitySubjectAssociation" minOccurs="0" maxOccurs="unbounded"/>
        </xs:sequence>
      </xs:extension>
    </xs:complexContent>
  </xs:complexType>
  <xs:complexType name="AlienEncounterAugmentationType">
    <xs:annotation><xs:documentation>A data type for what a 287(g) record adds to an alien encounter.</xs:documentation></xs:annotation>
    <xs:complexContent>
      <xs:extension base="structures:AugmentationType">
        <xs:sequence>
          <xs:element ref="dx:EncounterAgency" minOccurs="0" maxOccurs="1"/>
          <xs:element ref="j:Conviction" minOccurs="0" maxOccurs="unbounded"/>
          <xs:element ref="j:Charge" minOccurs="0" maxOccurs="unbounded"/>
          <xs:element ref="dx:DetainerIssuedIndicator" minOccurs="0" maxOccurs="1"/>
          <xs:element ref="dx:RemovalProceedingsIndicator" minOccurs="0" maxOccurs="1"/>
        </xs:sequence>
      </xs:extension>
    </xs:complexContent>
  </xs:complexType>
  <xs:element name="ImmigrationExchange" type="dx:ImmigrationExchangeType">
    <xs:annotation><xs:documentation>An exchange of encounters and detainers.</xs:documentation></xs:annotation>
  </xs:element>
  <xs:element name="ExchangeDescriptionText" type="nc:TextType" nillable="true">
    <xs:annotation><xs:documentation>A description of what the exchange holds.</xs:documentation></xs:annotation>
  </xs:element>
  <xs:element name="AlienEncounterAugmentation" type="dx:AlienEncounterAugmentationType" substitutionGroup="im:AlienEncounterAugmentationPoint">
    <xs:annotation><xs:documentation>Additional information about an alien encounter.</xs:documentation></xs:annotation>
  </xs:element>
  <xs:element name="EncounterAgency" type="nc:OrganizationType" nillable="true">
    <xs:annotation><xs:documentation>The 287(g) partner agency that made the encounter.</xs:documentation></xs:annotation>
  </xs:element>
  <xs:element name="DetainerIssuedIndicator" type="niem-xs:boolean" nillable="true">
    <xs:annotation><xs:documentation>True if an immigration detainer was issued after the encounter.</xs:documentation></xs:annotation>
  </xs:element>
  <xs:element name="RemovalProceedingsIndicator" type="niem-xs:boolean" nillable="true">
    <xs:annotation><xs:documentation>True if the subject was placed in removal proceedings.</xs:documentation></xs:annotation>
  </xs:element>
</xs:schema>
`;
}
