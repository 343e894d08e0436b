/**
 * The LESC Immigration Alien Query (IAQ) under the Nlets field rules (legacy text format;
 * reference/domain.md §7.2): every field is checked and refused with a message rather than
 * truncated or guessed, and the query is emitted as Nlets text. The NCIC place-of-birth codes
 * are reference configuration (`data/ncic-place-of-birth-codes.json`).
 */
import { isIsoDate } from './clock.ts';
import pobTable from './data/ncic-place-of-birth-codes.json' with { type: 'json' };
import { isKnownNcicCode } from './ncic.ts';

// ---- place of birth -----------------------------------------------------------------------

export type PlaceKind = 'us_state' | 'us_territory' | 'canadian_province' | 'country';

export interface PlaceOfBirth {
  /** The NCIC POB code. */
  code: string;
  name: string;
  kind: PlaceKind;
  /** ISO 3166-1 alpha-2 of a country entry. */
  iso?: string;
}

export const NCIC_POB_TABLE_VERSION: string = pobTable.version;
export const NCIC_PLACES_OF_BIRTH: readonly PlaceOfBirth[] = pobTable.places as PlaceOfBirth[];
const PLACES = new Map(NCIC_PLACES_OF_BIRTH.map((p) => [p.code, p]));
const BY_ISO = new Map(NCIC_PLACES_OF_BIRTH.filter((p) => p.iso).map((p) => [p.iso as string, p]));

export function lookupPlaceOfBirth(code: string): PlaceOfBirth | null {
  return PLACES.get(code.trim().toUpperCase()) ?? null;
}

/** The NCIC POB code of a country given by its ISO alpha-2 code, or null when not in the table. */
export function placeOfBirthForIso(iso: string): PlaceOfBirth | null {
  return BY_ISO.get(iso.trim().toUpperCase()) ?? null;
}

// ---- field rules --------------------------------------------------------------------------

/** LESC's Nlets destination code. */
export const IAQ_DESTINATION = 'AX';
/** The generic offense code LESC accepts when no more specific code is available. */
export const IAQ_NO_OFFENSE_CODE = '0399';
export const IAQ_NAME_MAX = 30;
export const IAQ_ATTENTION_MAX = 30;

/**
 * Purpose codes LESC accepts (Nlets criminal-history purpose codes):
 * - C, criminal justice: an investigation, or identification and background of a subject under
 *   arrest or in custody, including notifying ICE of incarceration or probation; the purpose of
 *   every 287(g) jail screening query.
 * - F, firearms: a check related to a firearm permit, transfer or return of a firearm.
 */
export const IAQ_PURPOSES = {
  C: 'criminal justice: investigation, or identification and background of a subject under arrest or in custody',
  F: 'firearms: a check related to a firearm permit, transfer or return',
} as const;
export type IaqPurpose = keyof typeof IAQ_PURPOSES;

/** NCIC SEX codes. */
export const IAQ_SEX_CODES = { M: 'male', F: 'female', U: 'unknown' } as const;
export type IaqSex = keyof typeof IAQ_SEX_CODES;

export interface IaqNameParts {
  last: string;
  first: string;
  middle?: string | null;
}

export interface IaqInput {
  /** ORI of the requesting agency, 9 characters. */
  ori: string;
  purpose: string;
  /** The person making the inquiry, at most 30 characters. */
  attention: string;
  /** The inquirer's telephone number with area code. */
  phone: string;
  name: IaqNameParts;
  /** YYYY-MM-DD, YYYYMMDD or MM/DD/YYYY. */
  dob: string;
  sex: string;
  /** NCIC place-of-birth code. */
  placeOfBirth: string;
  inCustody: boolean;
  /** NCIC offense code of the most serious charge; `IAQ_NO_OFFENSE_CODE` when none is available. */
  offense: string;
  /** A-number, 8 or 9 digits, with or without a leading A. */
  aNumber?: string | null;
  fbiNumber?: string | null;
}

export type IaqField = keyof IaqInput;

export interface IaqFieldError {
  field: IaqField;
  message: string;
}

/** A valid IAQ, every field in its Nlets form, and the message text. */
export interface Iaq {
  messageType: 'IAQ';
  ori: string;
  destination: typeof IAQ_DESTINATION;
  purpose: IaqPurpose;
  attention: string;
  phone: string;
  /** `LAST,FIRST MIDDLE`. */
  name: string;
  /** CCYYMMDD. */
  dob: string;
  sex: IaqSex;
  placeOfBirth: string;
  custody: 'Y' | 'N';
  offense: string;
  aNumber: string | null;
  fbiNumber: string | null;
  text: string;
}

export type IaqResult = { ok: true; iaq: Iaq } | { ok: false; errors: IaqFieldError[] };

export interface IaqOptions {
  /** Today's date, YYYY-MM-DD (injected): a date of birth after it is refused. */
  today?: string;
}

/** Upper case, accents removed, apostrophes and periods dropped, spaces collapsed. */
function nameWord(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/['’.]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const NAME_CHARS = /^[A-Z][A-Z -]*$/;

const joinName = (last: string, first: string, middle: string): string =>
  `${last},${first}${middle ? ` ${middle}` : ''}`;

function nameProblem(parts: IaqNameParts): string | null {
  const last = nameWord(parts.last);
  const first = nameWord(parts.first);
  const middle = nameWord(parts.middle ?? '');
  if (!last) return 'the last name is required';
  if (!first) return 'the first name is required';
  for (const [label, w] of [
    ['last name', last],
    ['first name', first],
    ['middle name', middle],
  ] as const)
    if (w && !NAME_CHARS.test(w)) return `the ${label} may contain only letters, spaces and hyphens`;
  return null;
}

/**
 * The Nlets name `LAST,FIRST MIDDLE` when it fits in 30 characters, shortened in a fixed order
 * when it does not: the middle name to its initial, then the first name to its initial.
 * Refused when even `LAST,F M` is too long. `buildIaq` never shortens: it refuses an over-long
 * name so that shortening is a visible choice of the caller.
 */
export function formatIaqName(
  parts: IaqNameParts,
): { ok: true; name: string } | { ok: false; message: string } {
  const problem = nameProblem(parts);
  if (problem) return { ok: false, message: problem };
  const last = nameWord(parts.last);
  const first = nameWord(parts.first);
  const middle = nameWord(parts.middle ?? '');
  const attempts = [
    joinName(last, first, middle),
    joinName(last, first, middle.slice(0, 1)),
    joinName(last, first.slice(0, 1), middle.slice(0, 1)),
  ];
  const fit = attempts.find((n) => n.length <= IAQ_NAME_MAX);
  return fit
    ? { ok: true, name: fit }
    : {
        ok: false,
        message: `the name is longer than ${IAQ_NAME_MAX} characters even with initials for the first and middle names`,
      };
}

/** A date of birth in one of the accepted forms as YYYY-MM-DD, or null. */
export function parseIaqDate(s: string): string | null {
  const t = s.trim();
  const dashed = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  const american = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
  const iso = dashed
    ? `${dashed[1]}-${dashed[2]}-${dashed[3]}`
    : american
      ? `${american[3]}-${american[1]}-${american[2]}`
      : null;
  return iso && isIsoDate(iso) ? iso : null;
}

/** The digits of an A-number (8 or 9, optional leading A, spaces or hyphens), or null. */
export function normaliseANumber(s: string): string | null {
  const m = /^A?-?\s*(\d[\d\s-]*\d)$/i.exec(s.trim());
  const digits = m?.[1]?.replace(/[\s-]/g, '') ?? '';
  return /^\d{8,9}$/.test(digits) ? digits : null;
}

const ORI_PATTERN = /^[A-Z]{2}[A-Z0-9]{7}$/;
const FBI_PATTERN = /^(?=.*\d)[A-Z0-9]{1,9}$/;

/** Builds and validates an IAQ; every problem is reported, each with its field. */
export function buildIaq(input: IaqInput, options: IaqOptions = {}): IaqResult {
  const errors: IaqFieldError[] = [];
  const refuse = (field: IaqField, message: string) => {
    errors.push({ field, message });
  };

  const ori = input.ori.trim().toUpperCase();
  if (!ORI_PATTERN.test(ori))
    refuse('ori', 'the ORI is 9 characters: the two-letter state code and 7 letters or digits');

  const purpose = input.purpose.trim().toUpperCase();
  if (!(purpose in IAQ_PURPOSES))
    refuse('purpose', 'the purpose code is C (criminal justice) or F (firearms); LESC accepts no other');

  const attention = input.attention.trim().replace(/\s+/g, ' ').toUpperCase();
  if (!attention) refuse('attention', 'the name of the person making the inquiry is required');
  else if (attention.length > IAQ_ATTENTION_MAX)
    refuse('attention', `the attention field is at most ${IAQ_ATTENTION_MAX} characters`);
  else if (/[./]/.test(attention)) refuse('attention', 'the attention field may not contain "." or "/"');

  const phoneDigits = input.phone.replace(/[\s().-]/g, '').replace(/^\+?1(?=\d{10}$)/, '');
  const phone = /^\d{10}$/.test(phoneDigits)
    ? `${phoneDigits.slice(0, 3)}-${phoneDigits.slice(3, 6)}-${phoneDigits.slice(6)}`
    : null;
  if (!phone) refuse('phone', 'the telephone number is 10 digits including the area code');

  const nameProblemText = nameProblem(input.name);
  const name = nameProblemText
    ? null
    : joinName(nameWord(input.name.last), nameWord(input.name.first), nameWord(input.name.middle ?? ''));
  if (nameProblemText) refuse('name', nameProblemText);
  else if (name && name.length > IAQ_NAME_MAX)
    refuse(
      'name',
      `"${name}" is ${name.length} characters; the Nlets name field is at most ${IAQ_NAME_MAX}. Shorten it with formatIaqName (middle name, then first name, to initials).`,
    );

  const dobIso = parseIaqDate(input.dob);
  if (!dobIso)
    refuse('dob', 'the date of birth is a calendar date written YYYY-MM-DD, YYYYMMDD or MM/DD/YYYY');
  else if (dobIso < '1900-01-01') refuse('dob', 'the date of birth is before 1900');
  else if (options.today && dobIso > options.today) refuse('dob', 'the date of birth is in the future');

  const sex = input.sex.trim().toUpperCase();
  if (!(sex in IAQ_SEX_CODES)) refuse('sex', 'the NCIC sex code is M, F or U (unknown)');

  const place = lookupPlaceOfBirth(input.placeOfBirth);
  if (!place)
    refuse(
      'placeOfBirth',
      `"${input.placeOfBirth}" is not an NCIC place-of-birth code in the reference table (${NCIC_POB_TABLE_VERSION})`,
    );

  const offense = input.offense.trim();
  if (!isKnownNcicCode(offense))
    refuse(
      'offense',
      `"${input.offense}" is not a known NCIC offense code; use the most specific code of the most serious charge, or ${IAQ_NO_OFFENSE_CODE} when none is available`,
    );

  let aNumber: string | null = null;
  if (input.aNumber?.trim()) {
    aNumber = normaliseANumber(input.aNumber);
    if (!aNumber) refuse('aNumber', 'the A-number is 8 or 9 digits, with or without a leading A');
  }

  let fbiNumber: string | null = null;
  if (input.fbiNumber?.trim()) {
    fbiNumber = input.fbiNumber.trim().toUpperCase();
    if (!FBI_PATTERN.test(fbiNumber)) refuse('fbiNumber', 'the FBI number is 1 to 9 letters and digits');
  }

  if (errors.length > 0 || !name || !dobIso || !phone || !place) return { ok: false, errors };

  const fields: Omit<Iaq, 'text'> = {
    messageType: 'IAQ',
    ori,
    destination: IAQ_DESTINATION,
    purpose: purpose as IaqPurpose,
    attention,
    phone,
    name,
    dob: dobIso.replaceAll('-', ''),
    sex: sex as IaqSex,
    placeOfBirth: place.code,
    custody: input.inCustody ? 'Y' : 'N',
    offense,
    aNumber,
    fbiNumber,
  };
  return { ok: true, iaq: { ...fields, text: iaqText(fields) } };
}

/** The legacy Nlets text: header line, then the fields, separated by periods. */
function iaqText(f: Omit<Iaq, 'text'>): string {
  const body = [
    `PUR/${f.purpose}`,
    `ATN/${f.attention}`,
    `PHN/${f.phone}`,
    `NAM/${f.name}`,
    `DOB/${f.dob}`,
    `SEX/${f.sex}`,
    `POB/${f.placeOfBirth}`,
    `CUS/${f.custody}`,
    `OFF/${f.offense}`,
    ...(f.aNumber ? [`ARN/${f.aNumber}`] : []),
    ...(f.fbiNumber ? [`FBI/${f.fbiNumber}`] : []),
  ];
  return `${f.messageType}.${f.ori}.${f.destination}.TXT\n${body.join('.')}`;
}
