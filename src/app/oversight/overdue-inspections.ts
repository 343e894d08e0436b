/**
 * The inspection list and the overdue-inspection report (issue 8) at the clock's date:
 * inspections scheduled and not held by their due date, and inspections whose findings are still
 * open after the follow-up date; with every inspection's findings for the list view. Read
 * (`inspection.read`) by the program office and inspectors for every agency, and by an agency's
 * 287(g) coordinator for its own agency only: another agency's inspections are filtered out of
 * lists and not found one at a time.
 */
import type { Actor } from '../../domain/actor.ts';
import { isoDate } from '../../domain/clock.ts';
import { inspectionOverdue } from '../../domain/oversight.ts';
import { ok, type Result } from '../../domain/result.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { loadInspection } from './inspection-step.ts';
import { agencyScope } from './oversight-scope.ts';

export type InspectionView = oversight.InspectionRecord & {
  findings: oversight.FindingRecord[];
  overdue: ReturnType<typeof inspectionOverdue>;
};

function view(
  i: oversight.InspectionRecord,
  findings: readonly oversight.FindingRecord[],
  today: string,
): InspectionView {
  const own = findings.filter((f) => f.inspectionId === i.inspectionId);
  const openFindings = own.filter((f) => f.status !== 'verified').length;
  return { ...i, findings: own, overdue: inspectionOverdue({ ...i, openFindings }, today) };
}

export async function listInspections(
  deps: Deps,
  actor: Actor,
  input: { agencyId?: string | undefined },
): Promise<Result<{ asOf: string; items: InspectionView[] }>> {
  const own = agencyScope(actor);
  const agencyId = own ?? input.agencyId ?? null;
  const denied = await guard(deps, actor, 'inspection.read', {
    type: 'agency',
    id: agencyId ?? 'all',
    ...(agencyId ? { agencyId } : {}),
  });
  if (denied) return denied;
  const today = isoDate(deps.clock.now());
  // Agency staff asking for another agency get their list filtered to nothing.
  if (own !== null && input.agencyId && input.agencyId !== own) return ok({ asOf: today, items: [] });
  const inspections = await oversight.listInspections(deps.db, agencyId);
  const findings = await oversight.findingsOf(
    deps.db,
    inspections.map((i) => i.inspectionId),
  );
  return ok({ asOf: today, items: inspections.map((i) => view(i, findings, today)) });
}

/** One inspection with its findings and whether it is overdue. */
export async function getInspection(
  deps: Deps,
  actor: Actor,
  inspectionId: string,
): Promise<Result<{ asOf: string; inspection: InspectionView }>> {
  const loaded = await loadInspection(deps, actor, inspectionId, 'inspection.read');
  if (!loaded.ok) return loaded;
  const today = isoDate(deps.clock.now());
  const findings = await oversight.findingsOf(deps.db, [inspectionId]);
  return ok({ asOf: today, inspection: view(loaded.value, findings, today) });
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
