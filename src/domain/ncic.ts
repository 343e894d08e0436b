/**
 * NCIC Uniform Offense Classification codes: the four-digit offense codes of NCIC, III and the
 * Nlets IAQ `OFF/` field, grouped by their first two digits. The table is reference
 * configuration (`data/ncic-offense-codes.json`); code here only reads it. The priority policy
 * and booking validation use `isKnownNcicCode` so an unknown or mistyped code is detected
 * instead of silently falling into a default.
 */
import table from './data/ncic-offense-codes.json' with { type: 'json' };

export interface NcicCategory {
  /** The first two digits, e.g. `13`. */
  prefix: string;
  name: string;
}

export interface NcicOffense {
  code: string;
  description: string;
  category: NcicCategory;
}

/** Where the table comes from and which edition this is. */
export const NCIC_TABLE_SOURCE: string = table.source;
export const NCIC_TABLE_VERSION: string = table.version;

const NCIC_CODE_PATTERN = /^\d{4}$/;

const CATEGORIES: ReadonlyMap<string, NcicCategory> = new Map(
  Object.entries(table.categories as Record<string, string>).map(([prefix, name]) => [
    prefix,
    { prefix, name },
  ]),
);

const OFFENSES: ReadonlyMap<string, NcicOffense> = new Map(
  Object.entries(table.codes as Record<string, string>).map(([code, description]) => {
    const category = CATEGORIES.get(code.slice(0, 2));
    if (!NCIC_CODE_PATTERN.test(code) || !category)
      throw new Error(`ncic-offense-codes.json: code ${code} is malformed or has no category`);
    return [code, { code, description, category }];
  }),
);

/** Every known offense, in code order. */
export const NCIC_OFFENSES: readonly NcicOffense[] = [...OFFENSES.values()].sort((a, b) =>
  a.code.localeCompare(b.code),
);

/** Every category, in prefix order. */
export const NCIC_CATEGORIES: readonly NcicCategory[] = [...CATEGORIES.values()].sort((a, b) =>
  a.prefix.localeCompare(b.prefix),
);

/** Surrounding spaces are ignored; anything else must be exactly four digits. */
const normalise = (code: string): string => code.trim();

/** The offense for a code, or null when the code is not in the table. */
export function lookupNcic(code: string): NcicOffense | null {
  return OFFENSES.get(normalise(code)) ?? null;
}

export function isKnownNcicCode(code: string): boolean {
  return OFFENSES.has(normalise(code));
}

/**
 * The category of a code by its first two digits, or null when the code is not four digits or
 * the prefix is not a known category. The code itself need not be in the table.
 */
export function ncicCategory(code: string): NcicCategory | null {
  const c = normalise(code);
  if (!NCIC_CODE_PATTERN.test(c)) return null;
  return CATEGORIES.get(c.slice(0, 2)) ?? null;
}
