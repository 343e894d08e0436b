/**
 * Records a held inspection: the answer to every checklist item, the date it was held and, when
 * findings need corrective action, the date of the follow-up visit.
 */
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate } from '../../domain/clock.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { loadInspection } from './inspection-step.ts';

export async function recordInspection(
  deps: Deps,
  actor: Actor,
  inspectionId: string,
  input: {
    completedOn: string;
    followUpDueOn?: string | null | undefined;
    results: Array<{
      item: string;
      result: 'met' | 'not_met' | 'not_applicable';
      note?: string | null | undefined;
    }>;
  },
): Promise<Result<{ inspectionId: string }>> {
  const loaded = await loadInspection(deps, actor, inspectionId);
  if (!loaded.ok) return loaded;
  const inspection = loaded.value;
  if (inspection.status === 'completed') return fail('conflict', 'The inspection is already recorded.');
  const today = deps.clock.now().toISOString().slice(0, 10);
  if (!isIsoDate(input.completedOn) || input.completedOn > today)
    return fail('invalid_input', 'The date held must be a calendar date, not in the future.', {
      where: { field: 'completedOn' },
    });
  const followUp = input.followUpDueOn ?? null;
  if (followUp && (!isIsoDate(followUp) || followUp < input.completedOn))
    return fail('invalid_input', 'The follow-up date must be a calendar date on or after the inspection.', {
      where: { field: 'followUpDueOn' },
    });
  const answers = new Map(input.results.map((r) => [r.item, r]));
  const missing = inspection.checklist.find((c) => !answers.has(c.item));
  if (missing)
    return fail('invalid_input', `Answer every checklist item (missing: ${missing.item}).`, {
      where: { field: 'results' },
    });
  const unknown = input.results.find((r) => !inspection.checklist.some((c) => c.item === r.item));
  if (unknown)
    return fail('invalid_input', 'A result names an item not on the checklist.', {
      where: { field: 'results' },
    });
  const checklist = inspection.checklist.map((c) => {
    const a = answers.get(c.item)!;
    return { item: c.item, result: a.result, note: a.note?.trim() || null };
  });
  const notMet = checklist.filter((c) => c.result === 'not_met').length;
  if (notMet > 0 && !followUp)
    return fail('invalid_input', 'An item not met needs a follow-up date.', {
      where: { field: 'followUpDueOn' },
    });
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await oversight.completeInspection(
      tx,
      inspectionId,
      { checklist, completedOn: input.completedOn, followUpDueOn: followUp },
      now,
    );
    return appendAudit(tx, actor, now, {
      type: 'inspection.recorded',
      resource: { type: 'inspection', id: inspectionId },
      data: {
        agencyId: inspection.agencyId,
        completedOn: input.completedOn,
        notMet,
        followUpDueOn: followUp,
      },
    });
  });
  return ok({ inspectionId }, auditId);
}
