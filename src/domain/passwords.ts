/**
 * Password rules (security.md R3; NIST SP 800-63B): at least 8 characters, any printable
 * character including spaces and Unicode, at least 64 accepted and never truncated; no
 * composition rules; refused when on the banned list or built from the account's own words.
 */
import { COMMON_PASSWORDS, CONTEXT_WORDS } from './data/banned-passwords.ts';

export const PASSWORD_MIN_LENGTH = 8;
/** Long passphrases are welcome; this only bounds the work of hashing. */
export const PASSWORD_MAX_LENGTH = 1024;

const COMMON = new Set(COMMON_PASSWORDS);

/** Lower case, no spaces, digits and symbols stripped from the ends: `Password123!` → `password`. */
const core = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');

export interface PasswordContext {
  email: string;
  displayName: string;
  agencyName?: string | null;
}

/** The reason a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: PasswordContext): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return `use at least ${PASSWORD_MIN_LENGTH} characters (15 or more is better).`;
  if (length > PASSWORD_MAX_LENGTH) return `use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (/[\p{Cc}]/u.test(password)) return 'use printable characters only.';
  const lower = password.normalize('NFKC').toLowerCase();
  const stem = core(password);
  if (COMMON.has(lower) || COMMON.has(stem))
    return 'this password is on the list of common or breached passwords.';
  const own = [
    context.email.split('@')[0] ?? '',
    ...context.displayName.split(/\s+/),
    ...(context.agencyName ?? '').split(/\s+/),
  ]
    .map((w) => core(w))
    .filter((w) => w.length >= 3);
  const words = [...CONTEXT_WORDS, ...own];
  // Refuse a password that is nothing but these words (and digits or symbols around them).
  const rest = words.reduce((acc, w) => acc.split(w).join(''), stem);
  if (stem.length > 0 && !/\p{L}/u.test(rest))
    return 'do not build the password from your name, your email or the words of this program.';
  return null;
}
