/**
 * The demo's agreements and officers, for the coordinator's agency: facilities, an MOA with a
 * clause table, training classes, and synthetic officers at every stage of the pipeline. Every
 * record goes through the same use cases a user would call; dates are relative to today.
 */
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { ELIGIBILITY_ITEMS } from '../../domain/officers.ts';
import type { Model } from '../../domain/registry.ts';
import { ok, type Result } from '../../domain/result.ts';
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
import { suspendOfficer } from '../officers/suspend-officer.ts';

const DAY = 86_400_000;

interface DemoOfficer {
  name: string;
  model: Model;
  /** How far along: the last step taken. */
  until: 'nominated' | 'in_training' | 'authorized' | 'suspended';
  certifiedDaysAgo?: number;
  missingItem?: (typeof ELIGIBILITY_ITEMS)[number];
}

const OFFICERS: DemoOfficer[] = [
  { name: 'Avery Lindqvist (demo)', model: 'JEM', until: 'authorized', certifiedDaysAgo: 200 },
  { name: 'Drew Okafor (demo)', model: 'JEM', until: 'authorized', certifiedDaysAgo: 715 },
  { name: 'Sam Whitlock (demo)', model: 'TFM', until: 'authorized', certifiedDaysAgo: 90 },
  { name: 'Riley Castellan (demo)', model: 'JEM', until: 'suspended', certifiedDaysAgo: 300 },
  { name: 'Jordan Ames (demo)', model: 'TFM', until: 'in_training' },
  {
    name: 'Casey Marlow (demo)',
    model: 'JEM',
    until: 'nominated',
    missingItem: 'background_investigation_passed',
  },
];

const MODEL_CLAUSES = [
  {
    id: 'JEM-DEMO:III.A',
    summary: 'Interviews of booked subjects about status, inside listed facilities',
    action: 'interview',
    effect: 'grants' as const,
  },
  {
    id: 'JEM-DEMO:III.B',
    summary: 'Queries of DHS and FBI systems for screening',
    action: 'query_systems',
    effect: 'grants' as const,
  },
  {
    id: 'JEM-DEMO:III.F',
    summary: 'Service of ICE-signed I-200/I-205 in listed facilities',
    action: 'serve_warrant',
    effect: 'grants' as const,
  },
  {
    id: 'JEM-DEMO:IV.A',
    summary: 'Officers do not sign or issue I-200/I-205 (8 CFR 287.5(e)(2))',
    action: 'sign_warrant',
    effect: 'forbids' as const,
  },
  {
    id: 'TFM-DEMO:III.D',
    summary: 'Warrantless arrest only with a recorded "likely to escape" basis',
    action: 'warrantless_arrest',
    effect: 'grants' as const,
  },
];

export async function seedDemoAuthority(
  deps: Deps,
  actor: Actor,
  agencyId: string,
  county: string | null,
  links: { officerUserId: string | null; tfmOfficerUserId?: string | null } = { officerUserId: null },
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
      addFacility(deps, actor, {
        agencyId,
        code: 'MAIN',
        name: 'County Detention Center',
        jurisdiction: county,
      }),
    );
    await run(
      addFacility(deps, actor, { agencyId, code: 'ANNEX', name: 'Detention Annex', jurisdiction: county }),
    );
    const { moaId } = await run(
      createMoa(deps, actor, {
        agencyId,
        title: '287(g) Memorandum of Agreement (JEM and TFM)',
        terms: {
          models: ['JEM', 'TFM'],
          signedOn: daysAgo(800),
          effective: daysAgo(800),
          refresherCadenceDays: 730,
          facilityCodes: ['MAIN', 'ANNEX'],
          areaJurisdictions: [county ?? 'County'],
          clauses: MODEL_CLAUSES,
        },
      }),
    );
    const classes: Partial<Record<Model, string>> = {};
    for (const model of ['JEM', 'TFM'] as const) {
      classes[model] = (
        await run(createTrainingClass(deps, actor, { model, startsOn: daysAgo(800), endsOn: daysAgo(780) }))
      ).classId;
    }
    const recent = (
      await run(
        createTrainingClass(deps, actor, { model: 'TFM', startsOn: daysAgo(5), endsOn: daysAhead(2) }),
      )
    ).classId;

    for (const o of OFFICERS) {
      const eligibility = ELIGIBILITY_ITEMS.map((item) => ({
        item,
        satisfied: item !== o.missingItem,
        evidence: item === o.missingItem ? 'awaiting results' : 'personnel file on record',
        dated: daysAgo(820),
      }));
      const { officerId } = await run(
        nominateOfficer(deps, actor, {
          agencyId,
          displayName: o.name,
          model: o.model,
          eligibility,
          // The demo's officer account acts as the first authorized JEM officer.
          userId:
            o === OFFICERS[0]
              ? links.officerUserId
              : o.model === 'TFM' && o.until === 'authorized'
                ? (links.tfmOfficerUserId ?? null)
                : null,
        }),
      );
      if (o.until === 'nominated') continue;
      await run(decideNomination(deps, actor, officerId, { approve: true }));
      await run(
        enrollOfficer(deps, actor, officerId, o.until === 'in_training' ? recent : classes[o.model]!),
      );
      if (o.until === 'in_training') continue;
      const certified = daysAgo(o.certifiedDaysAgo ?? 100);
      await run(
        recordExam(deps, actor, officerId, { exam: 'final examination', score: 86, takenOn: certified }),
      );
      await run(certifyOfficer(deps, actor, officerId, { certifiedOn: certified }));
      await run(
        authorizeOfficer(deps, actor, officerId, {
          moaId,
          moaVersion: 1,
          powers: null,
          startsOn: certified,
          endsOn: daysAhead(365),
          supervisingPosition: 'Supervisory Detention and Deportation Officer, ERO field office',
        }),
      );
      if (o.until === 'suspended') {
        await run(
          suspendOfficer(deps, actor, officerId, {
            reason: 'complaint_under_investigation',
            detail: 'complaint referred to ICE OPR',
          }),
        );
      }
    }
  } catch (error) {
    if (error instanceof DemoSeedError)
      return { ok: false, error: { code: 'conflict', userMessage: `demo seed: ${error.message}` } };
    throw error;
  }
  return ok(null);
}

class DemoSeedError extends Error {}
