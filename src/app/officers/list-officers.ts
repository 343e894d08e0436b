/** Officers of one agency (agency roles see their own agency only), with their effective stage and refresher deadline. */
import type { Actor } from '../../domain/actor.ts';
import { effectiveStage, refresherDue } from '../../domain/officers.ts';
import { ok } from '../../domain/result.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function listOfficers(deps: Deps, actor: Actor, input: { agencyId?: string | undefined }) {
  const agencyId = input.agencyId ?? (actor.kind === 'user' ? actor.agencyId : null) ?? null;
  const denied = await guard(deps, actor, 'officer.read', {
    type: 'agency',
    id: agencyId ?? 'all',
    agencyId,
  });
  if (denied) return denied;
  const now = deps.clock.now();
  const items = (await officers.listOfficers(deps.db, agencyId)).map(({ cadenceDays, ...o }) => {
    const effective = effectiveStage(o, cadenceDays, now);
    return {
      ...o,
      effectiveStage: effective.stage,
      effectiveReason: effective.reason ?? o.suspensionReason,
      refresherDue:
        o.certifiedOn && cadenceDays ? refresherDue(o.certifiedOn, o.lastRefresherOn, cadenceDays) : null,
    };
  });
  return ok({ items });
}
