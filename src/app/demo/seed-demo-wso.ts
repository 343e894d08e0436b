/**
 * The demo's Warrant Service Officer agency (issue 5): facilities WSO-MAIN (no IGSA: ICE's
 * 48-hour clock runs after service) and WSO-ANNEX (an IGSA with ICE), a WSO agreement listing
 * both, an authorized WSO officer linked to the demo WSO account, a few bookings at WSO-MAIN
 * from the simulator's population, and warrants lodged on some of them by the demo ICE
 * supervisor (a warrant issuer). Every record goes through the use cases a user would call.
 */
import type { Actor, Role } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { ageOn } from '../../domain/jem-case.ts';
import { ELIGIBILITY_ITEMS } from '../../domain/officers.ts';
import { ok, type Result } from '../../domain/result.ts';
import { syntheticBookings } from '../../integrations/systems/bookings.ts';
import { generatePopulation } from '../../integrations/systems/population.ts';
import * as accounts from '../../store/accounts.ts';
import { ingestBooking } from '../casework/ingest-booking.ts';
import { lodgeWarrant } from '../casework/wso/lodge-warrant.ts';
import type { Deps } from '../deps.ts';
import { addFacility } from '../moas/add-facility.ts';
import { createMoa } from '../moas/create-moa.ts';
import { authorizeOfficer } from '../officers/authorize-officer.ts';
import { certifyOfficer } from '../officers/certify-officer.ts';
import { createTrainingClass } from '../officers/create-training-class.ts';
import { decideNomination } from '../officers/decide-nomination.ts';
import { enrollOfficer } from '../officers/enroll-officer.ts';
import { nominateOfficer } from '../officers/nominate-officer.ts';
import { recordExam } from '../officers/record-exam.ts';
import { DEMO_SIMULATOR_SEED } from './seed-demo-bookings.ts';

const DAY = 86_400_000;
/** The demo ICE supervisor (a warrant issuer) lodges the warrants. */
const ICE_LODGER = 'supervisor@demo.delegate.test';
const WSO_BOOKINGS = 6;
const WARRANTS = 3;

const WSO_CLAUSES = [
  {
    id: 'WSO-DEMO:III.A',
    summary: 'Service of ICE-signed I-200/I-205 on persons booked in listed facilities, at release',
    action: 'serve_warrant',
    effect: 'grants' as const,
  },
  {
    id: 'WSO-DEMO:III.B',
    summary: 'ICE assumes custody within 48 hours of service, unless the facility has an IGSA',
    action: 'hold_past_release',
    effect: 'grants' as const,
  },
  {
    id: 'WSO-DEMO:IV.A',
    summary: 'No screening, interviews, system queries, I-213, charging documents or detainers',
    action: 'interview',
    effect: 'forbids' as const,
  },
];

class DemoSeedError extends Error {}

export async function seedDemoWso(
  deps: Deps,
  actor: Actor,
  agencyId: string,
  county: string | null,
  links: { officerUserId: string | null },
): Promise<Result<null>> {
  const today = deps.clock.now();
  const daysAgo = (n: number) => isoDate(new Date(today.getTime() - n * DAY));
  const daysAhead = (n: number) => isoDate(new Date(today.getTime() + n * DAY));
  const run = async <T>(r: Promise<Result<T>>): Promise<T> => {
    const result = await r;
    if (!result.ok) throw new DemoSeedError(result.error.userMessage);
    return result.value;
  };
  try {
    await run(
      addFacility(deps, actor, { agencyId, code: 'WSO-MAIN', name: 'County Jail', jurisdiction: county }),
    );
    await run(
      addFacility(deps, actor, {
        agencyId,
        code: 'WSO-ANNEX',
        name: 'County Jail Annex (IGSA)',
        jurisdiction: county,
      }),
    );
    const { moaId } = await run(
      createMoa(deps, actor, {
        agencyId,
        title: '287(g) Memorandum of Agreement (Warrant Service Officer)',
        terms: {
          models: ['WSO'],
          signedOn: daysAgo(400),
          effective: daysAgo(400),
          refresherCadenceDays: 365,
          facilityCodes: ['WSO-MAIN', 'WSO-ANNEX'],
          igsaFacilityCodes: ['WSO-ANNEX'],
          clauses: WSO_CLAUSES,
        },
      }),
    );
    const { classId } = await run(
      createTrainingClass(deps, actor, { model: 'WSO', startsOn: daysAgo(130), endsOn: daysAgo(129) }),
    );
    const { officerId } = await run(
      nominateOfficer(deps, actor, {
        agencyId,
        displayName: 'Morgan Ellery (demo)',
        model: 'WSO',
        eligibility: ELIGIBILITY_ITEMS.map((item) => ({
          item,
          satisfied: true,
          evidence: 'personnel file on record',
          dated: daysAgo(140),
        })),
        userId: links.officerUserId,
      }),
    );
    await run(decideNomination(deps, actor, officerId, { approve: true }));
    await run(enrollOfficer(deps, actor, officerId, classId));
    const certified = daysAgo(128);
    await run(
      recordExam(deps, actor, officerId, { exam: 'final examination', score: 92, takenOn: certified }),
    );
    await run(certifyOfficer(deps, actor, officerId, { certifiedOn: certified }));
    await run(
      authorizeOfficer(deps, actor, officerId, {
        moaId,
        moaVersion: 1,
        powers: null,
        startsOn: certified,
        endsOn: daysAhead(300),
        supervisingPosition: 'Supervisory Detention and Deportation Officer, ERO field office',
      }),
    );

    // Bookings at WSO-MAIN over the last day: people from the simulator's population.
    const bookings = syntheticBookings({
      seed: DEMO_SIMULATOR_SEED + 212,
      count: WSO_BOOKINGS,
      facilityCode: 'WSO-MAIN',
      agencyCode: 'WSO',
      start: new Date(today.getTime() - DAY),
      population: generatePopulation({ seed: DEMO_SIMULATOR_SEED }),
      walkInShare: 0,
    });
    const lodger = await accounts.findUserByEmail(deps.db, ICE_LODGER);
    const ice: Actor | null = lodger
      ? { kind: 'user', id: lodger.user_id, role: lodger.role as Role, agencyId: null }
      : null;
    let lodged = 0;
    for (const [i, b] of bookings.entries()) {
      if (Date.parse(b.bookedAt) > today.getTime()) continue;
      // Release dates a few days out, one per booking, so the WSO's queue has an order.
      const booking = {
        ...b,
        expectedReleaseAt: new Date(today.getTime() + (i + 1) * 0.75 * DAY).toISOString(),
      };
      await run(ingestBooking(deps, actor, booking, { agencyId }));
      if (!ice || lodged >= WARRANTS || ageOn(b.person.dob, isoDate(today)) < 18) continue;
      await run(
        lodgeWarrant(deps, ice, {
          agencyId,
          bookingNumber: b.bookingNumber,
          form: 'I-200',
          number: `DEMO-WSO-${String(i + 1).padStart(4, '0')}`,
        }),
      );
      lodged++;
    }
  } catch (error) {
    if (error instanceof DemoSeedError)
      return { ok: false, error: { code: 'conflict', userMessage: `demo WSO seed: ${error.message}` } };
    throw error;
  }
  return ok(null);
}
