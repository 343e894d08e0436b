/**
 * Consular notification under 8 CFR 236.1(e) and the Vienna Convention on Consular Relations,
 * art. 36: whether the subject's consulate must be notified of the detention even if the subject
 * objects (the mandatory-notification list, versioned reference data), or only at the subject's
 * request. Nationality decides this and nothing else: it is never an input to priority.
 */
import list2007 from './data/consular-mandatory-countries-2007.json' with { type: 'json' };

export interface MandatoryCountry {
  code: string;
  name: string;
  /** Territories or regions covered by the country's treaty, e.g. Hong Kong under China. */
  includes?: ReadonlyArray<{ code: string; name: string }>;
  /** A limit on the obligation, e.g. Poland: non-permanent residents only. */
  condition?: string;
}

export interface ConsularList {
  version: string;
  source: string;
  countries: readonly MandatoryCountry[];
}

export interface ConsularFacts {
  /** Whether the subject is a lawful permanent resident of the United States, when known. */
  lawfulPermanentResident?: boolean | null;
}

export interface ConsularNotification {
  mandatory: boolean;
  listVersion: string;
  /** What applies and what the officer does, with the citation. */
  rule: string;
}

export const CONSULAR_LISTS: Readonly<Record<string, ConsularList>> = {
  [list2007.version]: { version: list2007.version, source: list2007.source, countries: list2007.countries },
};

export const CURRENT_CONSULAR_LIST_VERSION = '2007';

const CITATION = '8 CFR 236.1(e)';
const ADVISE =
  'tell the subject without delay of the right to have the consulate notified and to communicate with consular officers';

interface Entry {
  country: MandatoryCountry;
  /** The name of the territory when the code is one the country's entry includes. */
  territory: string | null;
}

function entries(list: ConsularList): Map<string, Entry> {
  const byCode = new Map<string, Entry>();
  for (const country of list.countries) {
    byCode.set(country.code, { country, territory: null });
    for (const t of country.includes ?? []) byCode.set(t.code, { country, territory: t.name });
  }
  return byCode;
}

const INDEX = new Map(Object.values(CONSULAR_LISTS).map((l) => [l.version, entries(l)]));

/** The mandatory countries and territories of a list version, as ISO alpha-2 codes. */
export function mandatoryNotificationCodes(listVersion = CURRENT_CONSULAR_LIST_VERSION): string[] {
  const index = INDEX.get(listVersion);
  if (!index) throw new RangeError(`unknown consular notification list version "${listVersion}"`);
  return [...index.keys()].sort();
}

/**
 * What consular notification the subject's nationality requires. `nationality` is an ISO 3166-1
 * alpha-2 code, or null when not established. Throws RangeError for a malformed code or an
 * unknown list version (validate input first).
 */
export function consularNotification(
  nationality: string | null,
  listVersion: string = CURRENT_CONSULAR_LIST_VERSION,
  facts: ConsularFacts = {},
): ConsularNotification {
  const index = INDEX.get(listVersion);
  if (!index) throw new RangeError(`unknown consular notification list version "${listVersion}"`);
  const answer = (mandatory: boolean, rule: string) => ({ mandatory, listVersion, rule });
  const code = nationality?.trim().toUpperCase() ?? '';
  if (code === '')
    return answer(
      false,
      `Nationality not established: establish it, and meanwhile ${ADVISE} (VCCR art. 36). Mandatory notification under ${CITATION} cannot be ruled out until nationality is known.`,
    );
  if (!/^[A-Z]{2}$/.test(code))
    throw new RangeError(`"${nationality}" is not an ISO 3166-1 alpha-2 country code`);
  if (code === 'US') return answer(false, 'United States national: consular notification does not apply.');
  const entry = index.get(code);
  if (!entry)
    return answer(
      false,
      `${code} is not on the ${CITATION} mandatory-notification list (${listVersion}): ${ADVISE}; notify the consulate only if the subject asks.`,
    );
  const { country, territory } = entry;
  const who = territory ? `${territory} (covered under ${country.name})` : country.name;
  const mandatoryRule = `${who} is on the ${CITATION} mandatory-notification list (${listVersion}): notify its consulate without delay, even if the subject objects, and tell the subject that it has been notified.`;
  if (!country.condition) return answer(true, mandatoryRule);
  if (facts.lawfulPermanentResident === true)
    return answer(
      false,
      `${who}: notification is mandatory for ${country.condition}; the subject is a lawful permanent resident, so ${ADVISE}; notify the consulate only if the subject asks.`,
    );
  const unknown =
    facts.lawfulPermanentResident == null
      ? ' Permanent residence is not established, so notification is treated as mandatory.'
      : '';
  return answer(true, `${mandatoryRule} Condition: ${country.condition}.${unknown}`);
}
