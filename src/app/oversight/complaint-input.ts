/**
 * Strict checks of a complaint's content, shared by the public form and staff intake: the
 * narrative, the optional date, place and agency, and the complainant's optional contact.
 * The route's schema bounds the sizes; these checks say which field is wrong and why.
 */
import { isIsoDate } from '../../domain/clock.ts';
import { isEmailAddress, isPhoneNumber } from '../../domain/oversight.ts';
import { fail, ok, type Result } from '../../domain/result.ts';

export interface ComplaintContent {
  narrative: string;
  occurredOn?: string | null | undefined;
  location?: string | null | undefined;
  agencyName?: string | null | undefined;
  contact?:
    | {
        name?: string | null | undefined;
        email?: string | null | undefined;
        phone?: string | null | undefined;
      }
    | null
    | undefined;
}

export interface CheckedContent {
  narrative: string;
  occurredOn: string | null;
  location: string | null;
  agencyNamed: string | null;
  contact: { name: string | null; email: string | null; phone: string | null };
}

const blankToNull = (s: string | null | undefined) => {
  const t = s?.trim() ?? '';
  return t === '' ? null : t;
};

export const NARRATIVE_MIN = 20;
export const NARRATIVE_MAX = 10_000;

export function checkComplaintContent(input: ComplaintContent, today: string): Result<CheckedContent> {
  const narrative = input.narrative.trim();
  if (narrative.length < NARRATIVE_MIN)
    return fail('invalid_input', `Describe what happened in at least ${NARRATIVE_MIN} characters.`, {
      where: { field: 'narrative' },
    });
  if (narrative.length > NARRATIVE_MAX)
    return fail('invalid_input', `The description is limited to ${NARRATIVE_MAX} characters.`, {
      where: { field: 'narrative' },
    });
  const occurredOn = blankToNull(input.occurredOn);
  if (occurredOn && !isIsoDate(occurredOn))
    return fail('invalid_input', 'The date must be a calendar date written YYYY-MM-DD.', {
      where: { field: 'occurredOn' },
    });
  if (occurredOn && occurredOn > today)
    return fail('invalid_input', 'The date cannot be in the future.', { where: { field: 'occurredOn' } });
  const email = blankToNull(input.contact?.email);
  if (email && !isEmailAddress(email))
    return fail('invalid_input', 'The e-mail address is not valid.', { where: { field: 'contact.email' } });
  const phone = blankToNull(input.contact?.phone);
  if (phone && !isPhoneNumber(phone))
    return fail('invalid_input', 'The telephone number is not valid.', { where: { field: 'contact.phone' } });
  return ok({
    narrative,
    occurredOn,
    location: blankToNull(input.location),
    agencyNamed: blankToNull(input.agencyName),
    contact: { name: blankToNull(input.contact?.name), email, phone },
  });
}
