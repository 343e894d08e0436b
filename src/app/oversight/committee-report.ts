/**
 * Steering committees per agreement in force at the clock's date: the meetings scheduled and
 * held, open action items past due, and a warning when a meeting is overdue (a scheduled date
 * passed without minutes, or none held within the interval). The program office sees every
 * agency; an agency's coordinator its own.
 */
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { committeeOverdue } from '../../domain/oversight.ts';
import { ok } from '../../domain/result.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function committeeReport(deps: Deps, actor: Actor, input: { agencyId?: string | undefined }) {
  const agencyId = input.agencyId ?? (actor.kind === 'user' ? actor.agencyId : null) ?? null;
  const denied = await guard(deps, actor, 'committee.manage', {
    type: 'agency',
    id: agencyId ?? 'all',
    ...(agencyId ? { agencyId } : {}),
  });
  if (denied) return denied;
  const today = isoDate(deps.clock.now());
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
      const overdueActions = own.flatMap((m) =>
        m.actionItems
          .filter((i) => !i.done && i.dueOn && i.dueOn < today)
          .map((i) => ({ meetingId: m.meetingId, ...i })),
      );
      return {
        agencyId: a.agency_id,
        moaId: a.moa_id,
        version: a.version,
        effective,
        meetings: own,
        overdueActions,
        warning: committeeOverdue(own, effective, today),
      };
    });
  return ok({ asOf: today, items, overdue: items.filter((i) => i.warning !== null).length });
}
