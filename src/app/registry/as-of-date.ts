/** Dates the registry's read use cases accept: real calendar dates, not after today. */
import { isIsoDate, isoDate } from '../../domain/clock.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';

/** `value` defaults to today; a date after today is refused rather than answered with today. */
export function checkDate(deps: Deps, value: string | undefined, name: string): Result<string> {
  const today = isoDate(deps.clock.now());
  if (value === undefined) return ok(today);
  if (!isIsoDate(value)) {
    return fail('invalid_input', `${name} must be a date written YYYY-MM-DD.`, { where: { field: name } });
  }
  if (value > today) {
    return fail('invalid_input', `${name} ${value} is after today (${today}).`, { where: { field: name } });
  }
  return ok(value);
}
