/**
 * A TFM world for the tests: the JEM world of the demo (whose MOA covers JEM and TFM, with the
 * county as its area of responsibility), the demo TFM officer ("Sam Whitlock (demo)"), the
 * county, the MOA id (for a second TFM officer), and moving a field encounter through its steps.
 */
import { recordDetermination } from '../../src/app/casework/record-determination.ts';
import { recordInterview } from '../../src/app/casework/record-interview.ts';
import { recordArrestAdvisals } from '../../src/app/casework/tfm/record-arrest-advisals.ts';
import { recordEncounter } from '../../src/app/casework/tfm/record-encounter.ts';
import { recordExamination } from '../../src/app/casework/tfm/record-examination.ts';
import { recordWarrantlessArrest } from '../../src/app/casework/tfm/record-warrantless-arrest.ts';
import type { Actor, Role } from '../../src/domain/actor.ts';
import { INTERVIEW, type JemWorld, jemWorld, value } from '../casework/support.ts';
import type { Backend } from '../support/db.ts';

export interface TfmWorld extends JemWorld {
  tfm: Actor;
  county: string;
  moaId: string;
}

export async function tfmWorld(backend: Backend, now?: string): Promise<TfmWorld> {
  const w = await jemWorld(backend, now);
  const u = await w.t.store.db
    .selectFrom('users')
    .select(['user_id', 'role', 'agency_id'])
    .where('email', '=', 'tfm-officer@demo.delegate.test')
    .executeTakeFirstOrThrow();
  const moa = await w.t.store.db
    .selectFrom('moa_versions as v')
    .innerJoin('moas as m', 'm.moa_id', 'v.moa_id')
    .select(['v.moa_id', 'v.area_jurisdictions'])
    .where('m.agency_id', '=', w.agencyId)
    .executeTakeFirstOrThrow();
  return {
    ...w,
    tfm: { kind: 'user', id: u.user_id, role: u.role as Role, agencyId: u.agency_id },
    county: moa.area_jurisdictions[0]!,
    moaId: moa.moa_id,
  };
}

let counter = 0;

/** A valid encounter in the county, ten minutes before the world's clock; override any part. */
export function encounter(
  w: TfmWorld,
  over: Record<string, unknown> = {},
  person: Record<string, unknown> = {},
) {
  counter++;
  return {
    occurredAt: new Date(w.t.clock.now().getTime() - 10 * 60_000).toISOString(),
    jurisdiction: w.county,
    location: 'Route 9 northbound at mile marker 14',
    basis: 'traffic_violation',
    basisNarrative: 'Vehicle travelling 71 mph in a posted 45 mph zone; driver had no valid licence.',
    person: {
      firstName: 'Marisol',
      lastName: `Fennimore${counter}`,
      dob: '1990-02-11',
      sex: 'F',
      nationality: 'GT',
      ...person,
    },
    ...over,
  };
}

export const LIKELY_TO_ESCAPE =
  'No fixed address, stated intent to leave the state tonight, and two prior failures to appear; a warrant cannot be obtained before then.';
export const ADVISALS = {
  reasonsForArrest: true,
  rightToCounsel: true,
  legalServicesList: true,
  language: 'Spanish',
};

/** A new field encounter by the demo TFM officer; answers the case id. */
export async function newEncounter(w: TfmWorld, over: Record<string, unknown> = {}): Promise<string> {
  return value(await recordEncounter(w.t.deps, w.tfm, encounter(w, over))).caseId;
}

/** Encounter → interview → warrantless arrest (by `arrester`) → removable determination. */
export async function arrestedAndRemovable(w: TfmWorld, arrester: Actor = w.tfm): Promise<string> {
  const d = w.t.deps;
  const caseId = await newEncounter(w);
  value(await recordInterview(d, arrester, caseId, INTERVIEW));
  value(await recordWarrantlessArrest(d, arrester, caseId, { likelyToEscape: LIKELY_TO_ESCAPE }));
  value(
    await recordDetermination(d, arrester, caseId, {
      outcome: 'removable',
      reason: 'Admitted entry without inspection in 2021; no lawful status found.',
    }),
  );
  return caseId;
}

/** As above, then examined by `examiner` (another officer) and advised. */
export async function readyForI213(w: TfmWorld, examiner: Actor = w.supervisor): Promise<string> {
  const caseId = await arrestedAndRemovable(w);
  value(await recordExamination(w.t.deps, examiner, caseId, { exception: null }));
  value(await recordArrestAdvisals(w.t.deps, w.tfm, caseId, ADVISALS));
  return caseId;
}
