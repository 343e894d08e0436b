/**
 * The demo jail's bookings: synthetic people from the reference simulator's population (the
 * same population the simulated DHS and FBI systems answer from), booked at facility MAIN over
 * the last two days, so the officer's screening queue has work and checks return answers.
 */
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { syntheticBookings } from '../../integrations/systems/bookings.ts';
import { generatePopulation } from '../../integrations/systems/population.ts';
import { ingestBooking } from '../casework/ingest-booking.ts';
import type { Deps } from '../deps.ts';

/** The simulator seed the server uses by default (cli/run.ts), so demo people are known to it. */
export const DEMO_SIMULATOR_SEED = 287;
const DEMO_BOOKINGS = 24;

export async function seedDemoBookings(
  deps: Deps,
  actor: Actor,
  agencyId: string,
): Promise<Result<{ bookings: number }>> {
  const now = deps.clock.now();
  // The same population the server's simulator generates from the seed (default reference date).
  const population = generatePopulation({ seed: DEMO_SIMULATOR_SEED });
  const bookings = syntheticBookings({
    seed: DEMO_SIMULATOR_SEED,
    count: DEMO_BOOKINGS,
    facilityCode: 'MAIN',
    agencyCode: 'DEMO',
    start: new Date(now.getTime() - 2 * 86_400_000),
    population,
  });
  for (const b of bookings) {
    if (Date.parse(b.bookedAt) > now.getTime()) continue;
    const r = await ingestBooking(deps, actor, b, { agencyId });
    if (!r.ok) return fail(r.error.code, `demo booking ${b.bookingNumber}: ${r.error.userMessage}`);
  }
  return ok({ bookings: bookings.length });
}
