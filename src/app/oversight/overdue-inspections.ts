/**
 * The overdue-inspection report (issue 8) at the clock's date: inspections scheduled and not
 * held by their due date, and inspections whose findings are still open after the follow-up
 * date; with every inspection's findings for the list view. Read by the program office and
 * inspectors.
 */
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { inspectionOverdue } from '../../domain/oversight.ts';
import { ok } from '../../domain/result.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function listInspections(deps: Deps, actor: Actor, input: { agencyId?: string | undefined }) {
  const denied = await guard(deps, actor, 'inspection.manage', {
    type: 'agency',
    id: input.agencyId ?? 'all',
    ...(input.agencyId ? { agencyId: input.agencyId } : {}),
  });
  if (denied) return denied;
  const today = isoDate(deps.clock.now());
  const inspections = await oversight.listInspections(deps.db, input.agencyId ?? null);
  const findings = await oversight.findingsOf(
    deps.db,
    inspections.map((i) => i.inspectionId),
  );
  const items = inspections.map((i) => {
    const own = findings.filter((f) => f.inspectionId === i.inspectionId);
    const openFindings = own.filter((f) => f.status !== 'verified').length;
    return { ...i, findings: own, overdue: inspectionOverdue({ ...i, openFindings }, today) };
  });
  return ok({ asOf: today, items });
}

export async function overdueInspections(deps: Deps, actor: Actor) {
  const listed = await listInspections(deps, actor, {});
  if (!listed.ok) return listed;
  const items = listed.value.items
    .filter((i) => i.overdue !== null)
    .map((i) => ({
      inspectionId: i.inspectionId,
      agencyId: i.agencyId,
      moaId: i.moaId,
      moaVersion: i.moaVersion,
      model: i.model,
      dueOn: i.dueOn,
      followUpDueOn: i.followUpDueOn,
      openFindings: i.findings.filter((f) => f.status !== 'verified').length,
      reason: i.overdue!.reason,
      daysOverdue: i.overdue!.daysOverdue,
    }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.inspectionId.localeCompare(b.inspectionId));
  return ok({ asOf: listed.value.asOf, items });
}
