/**
 * Suspends every authorized officer whose refresher training has lapsed (domain.md §8 B.9), and
 * tells the supervisor, the program office and the agency. The engine already refuses a lapsed
 * officer's actions at decision time; this makes the suspension a recorded step with its
 * notifications. The server runs it at start and hourly; `delegate officers sweep` on demand.
 */
import type { Actor } from '../../domain/actor.ts';
import { effectiveStage, refresherDue } from '../../domain/officers.ts';
import { ok, type Result } from '../../domain/result.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { suspendOfficer } from './suspend-officer.ts';

export async function suspendLapsedOfficers(
  deps: Deps,
  actor: Actor,
): Promise<Result<{ suspended: string[] }>> {
  const denied = await guard(deps, actor, 'officer.administer');
  if (denied) return denied;
  const now = deps.clock.now();
  const lapsed = (await officers.listOfficers(deps.db, null)).filter(
    (o) => o.stage === 'authorized' && effectiveStage(o, o.cadenceDays, now).stage === 'suspended',
  );
  const suspended: string[] = [];
  for (const o of lapsed) {
    const due = refresherDue(o.certifiedOn!, o.lastRefresherOn, o.cadenceDays!);
    const r = await suspendOfficer(deps, actor, o.officerId, {
      reason: 'refresher_lapsed',
      detail: `refresher training fell due on ${due}`,
    });
    if (r.ok) suspended.push(o.officerId);
  }
  return ok({ suspended });
}
