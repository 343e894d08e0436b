/**
 * Steering committees per agreement in force at the clock's date: the meetings scheduled and
 * held with their action items, the open items past due (an item marked done is never past
 * due), and a warning when a meeting is overdue (a scheduled date passed without minutes, or
 * none held within the interval). The program office sees every agency; an agency's coordinator
 * its own, and a request for another agency is filtered to nothing.
 */
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { actionItemOverdue, committeeOverdue } from '../../domain/oversight.ts';
import { ok } from '../../domain/result.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { agencyScope } from './oversight-scope.ts';

export async function committeeReport(deps: Deps, actor: Actor, input: { agencyId?: string | undefined }) {
  const scope = agencyScope(actor);
  const agencyId = scope ?? input.agencyId ?? null;
  const denied = await guard(deps, actor, 'committee.manage', {
    type: 'agency',
    id: agencyId ?? 'all',
    ...(agencyId ? { agencyId } : {}),
  });
  if (denied) return denied;
  const today = isoDate(deps.clock.now());
  if (scope !== null && input.agencyId && input.agencyId !== scope)
    return ok({ asOf: today, items: [], overdue: 0 });
  const [agreements, meetings] = await Promise.all([
    oversight.agreementsInForce(deps.db, agencyId),
    oversight.meetingsOf(deps.db, agencyId),
  ]);
  const seen = new Set<string>();
  const items = agreements
    .filter((a) => {
      const key = a.moa_id;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((a) => {
      const own = meetings.filter((m) => m.moaId === a.moa_id);
      const effective = typeof a.effective === 'string' ? a.effective : isoDate(a.effective as Date);
      const actions = own.flatMap((m) => m.actionItems);
      return {
        agencyId: a.agency_id,
        moaId: a.moa_id,
        version: a.version,
        effective,
        meetings: own,
        overdueActions: actions.filter((i) => actionItemOverdue(i, today)),
        openActions: actions.filter((i) => i.status === 'open').length,
        doneActions: actions.filter((i) => i.status === 'done').length,
        warning: committeeOverdue(own, effective, today),
      };
    });
  return ok({ asOf: today, items, overdue: items.filter((i) => i.warning !== null).length });
}
