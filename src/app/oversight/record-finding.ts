/**
 * A finding of an inspection with its corrective action and due date; later, the agency's
 * correction and the inspector's verification at follow-up.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate, isoDate } from '../../domain/clock.ts';
import { UUID } from '../../domain/ids.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { loadInspection } from './inspection-step.ts';

export async function recordFinding(
  deps: Deps,
  actor: Actor,
  inspectionId: string,
  input: {
    summary: string;
    clauseId?: string | null | undefined;
    correctiveAction?: string | null | undefined;
    correctiveDueOn?: string | null | undefined;
  },
): Promise<Result<{ findingId: string }>> {
  const loaded = await loadInspection(deps, actor, inspectionId);
  if (!loaded.ok) return loaded;
  const summary = input.summary.trim();
  if (!summary) return fail('invalid_input', 'Describe the finding.', { where: { field: 'summary' } });
  const action = input.correctiveAction?.trim() || null;
  const due = input.correctiveDueOn ?? null;
  if (due && !isIsoDate(due))
    return fail('invalid_input', 'The corrective action’s due date must be a calendar date.', {
      where: { field: 'correctiveDueOn' },
    });
  if (action && !due)
    return fail('invalid_input', 'A corrective action needs a due date.', {
      where: { field: 'correctiveDueOn' },
    });
  const findingId = uuidv7();
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await oversight.insertFinding(
      tx,
      {
        findingId,
        inspectionId,
        summary,
        clauseId: input.clauseId?.trim() || null,
        correctiveAction: action,
        correctiveDueOn: due,
      },
      now,
    );
    return appendAudit(tx, actor, now, {
      type: 'inspection.finding_recorded',
      resource: { type: 'inspection', id: inspectionId },
      data: {
        agencyId: loaded.value.agencyId,
        findingId,
        clauseId: input.clauseId?.trim() || null,
        correctiveDueOn: due,
      },
    });
  });
  return ok({ findingId }, auditId);
}

/**
 * Marks a finding's corrective action corrected (reported by the inspected agency's coordinator,
 * or by ICE: `inspection.respond`) or verified at follow-up (ICE only: `inspection.manage`), with
 * the date, who and an optional note. A verified finding is closed; a repeat is refused.
 */
export async function updateFinding(
  deps: Deps,
  actor: Actor,
  inspectionId: string,
  findingId: string,
  input: { status: 'corrected' | 'verified'; on: string; note?: string | null | undefined },
): Promise<Result<{ findingId: string; status: 'corrected' | 'verified' }>> {
  const action = input.status === 'corrected' ? 'inspection.respond' : 'inspection.manage';
  const loaded = await loadInspection(deps, actor, inspectionId, action);
  if (!loaded.ok) return loaded;
  const finding = UUID.test(findingId) ? await oversight.findFinding(deps.db, findingId) : null;
  if (!finding || finding.inspectionId !== inspectionId) return fail('not_found', 'No finding has that id.');
  const today = isoDate(deps.clock.now());
  if (!isIsoDate(input.on) || input.on > today)
    return fail('invalid_input', 'The date must be a calendar date, not in the future.', {
      where: { field: 'on' },
    });
  if (finding.status === 'verified') return fail('conflict', 'The finding is already verified.');
  if (finding.status === input.status) return fail('conflict', `The finding is already ${input.status}.`);
  const note = input.note?.trim() || null;
  const now = deps.clock.now();
  const from = input.status === 'corrected' ? (['open'] as const) : (['open', 'corrected'] as const);
  const auditId = await deps.db.transaction().execute(async (tx) => {
    const moved = await oversight.updateFinding(tx, findingId, from, {
      status: input.status,
      on: input.on,
      by: actor.id,
      note,
    });
    if (!moved) return null;
    return appendAudit(tx, actor, now, {
      type: 'inspection.finding_updated',
      resource: { type: 'inspection', id: inspectionId },
      data: { agencyId: loaded.value.agencyId, findingId, status: input.status, on: input.on },
    });
  });
  if (auditId === null) return fail('conflict', 'The finding was updated by someone else; reload it.');
  return ok({ findingId, status: input.status }, auditId);
}
