/**
 * The facilities where ICE may lodge a warrant with a WSO agency today: those a WSO agreement
 * in force lists, with whether each has an IGSA (no 48-hour custody clock). ICE sees every
 * agency's; agency staff see their own. Agreement terms are not personal data.
 */
import type { Actor } from '../../../domain/actor.ts';
import { ok, type Result } from '../../../domain/result.ts';
import { type WsoFacility, wsoFacilities } from '../../../store/wso.ts';
import type { Deps } from '../../deps.ts';
import { guard } from '../../guard.ts';

export async function listWsoFacilities(deps: Deps, actor: Actor): Promise<Result<{ items: WsoFacility[] }>> {
  const agencyId = actor.kind === 'user' ? actor.agencyId : null;
  const denied = await guard(deps, actor, 'moa.read', { type: 'agency', id: agencyId ?? 'all', agencyId });
  if (denied) return denied;
  return ok({ items: await wsoFacilities(deps.db, deps.clock.now(), agencyId) });
}
