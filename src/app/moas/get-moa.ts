/** One MOA with every version (terms, clause table, status as of now). */
import type { Actor } from '../../domain/actor.ts';
import { statusAt } from '../../domain/moa.ts';
import { fail, ok } from '../../domain/result.ts';
import * as moas from '../../store/moas.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function getMoa(deps: Deps, actor: Actor, input: { moaId: string }) {
  const moa = await moas.findMoa(deps.db, input.moaId);
  if (!moa) return fail('not_found', 'No MOA has that id.');
  const denied = await guard(deps, actor, 'moa.read', {
    type: 'moa',
    id: moa.moa_id,
    agencyId: moa.agency_id,
  });
  if (denied) return denied;
  const now = deps.clock.now();
  const versions = (await moas.versionsOf(deps.db, moa.moa_id)).map((v) => ({
    ...v,
    statusNow: statusAt(v, now),
  }));
  const agency = await registry.findAgency(deps.db, moa.agency_id);
  return ok({
    moaId: moa.moa_id,
    agencyId: moa.agency_id,
    agencyName: agency?.name ?? null,
    state: agency?.state ?? null,
    title: moa.title,
    versions,
    facilities: await moas.facilitiesOf(deps.db, moa.agency_id),
  });
}
