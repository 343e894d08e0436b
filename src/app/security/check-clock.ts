/**
 * R22: the application's clock must agree with the database's within a second; `serve` refuses
 * to start otherwise, and the periodic watch raises an incident.
 */
import { fail, ok, type Result } from '../../domain/result.ts';
import { databaseNow } from '../../store/security-operations.ts';
import type { Deps } from '../deps.ts';

export const MAX_CLOCK_SKEW_MS = 1_000;

export async function checkClock(deps: Deps): Promise<Result<{ skewMs: number }>> {
  const before = deps.clock.now().getTime();
  const db = (await databaseNow(deps.db)).getTime();
  const after = deps.clock.now().getTime();
  // The database read happened between the two readings of the application clock.
  const skewMs = db < before ? before - db : db > after ? db - after : 0;
  if (skewMs > MAX_CLOCK_SKEW_MS)
    return fail(
      'unavailable',
      `The server clock differs from the database clock by ${skewMs} ms (at most ${MAX_CLOCK_SKEW_MS} ms allowed); synchronise both with NTP.`,
    );
  return ok({ skewMs });
}
