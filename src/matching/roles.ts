/**
 * The fields an input record can carry, named by role. Callers map their own columns onto
 * these roles (`delegate link --map first_name=given_name,...`). None describes race,
 * ethnicity, religion or language; `country_of_birth` is an identity attribute compared like
 * a place name, never a priority signal.
 */
export const ROLES = [
  'first_name',
  'middle_name',
  'last_name',
  'full_name',
  'dob',
  'sex',
  'street',
  'city',
  'postcode',
  'state',
  'country_of_birth',
  'a_number',
  'fbi_number',
  'ssn',
  'phone',
] as const;

export type Role = (typeof ROLES)[number];

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

/** One input record: its id and any of the roles, as raw text (missing = absent or ''). */
export type PersonRecord = { id: string } & Partial<Record<Role, string>>;
