/**
 * A finding of an inspection with its corrective action and due date; later, the agency's
 * correction and the inspector's verification at follow-up.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate } from '../../domain/clock.ts';
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

/** Marks a finding corrected (the agency's action is done) or verified (the inspector checked it at follow-up). */
export async function updateFinding(
  deps: Deps,
  actor: Actor,
  inspectionId: string,
  findingId: string,
  input: { status: 'corrected' | 'verified'; on: string },
): Promise<Result<{ findingId: string }>> {
  const loaded = await loadInspection(deps, actor, inspectionId);
  if (!loaded.ok) return loaded;
  const finding = /^[0-9a-f-]{36}$/i.test(findingId) ? await oversight.findFinding(deps.db, findingId) : null;
  if (!finding || finding.inspectionId !== inspectionId) return fail('not_found', 'No finding has that id.');
  if (!isIsoDate(input.on))
    return fail('invalid_input', 'The date must be a calendar date.', { where: { field: 'on' } });
  if (finding.status === 'verified') return fail('conflict', 'The finding is already verified.');
  if (finding.status === input.status) return fail('conflict', `The finding is already ${input.status}.`);
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await oversight.updateFinding(
      tx,
      findingId,
      input.status === 'corrected'
        ? { status: 'corrected', corrected_on: input.on }
        : { status: 'verified', verified_on: input.on },
    );
    return appendAudit(tx, actor, now, {
      type: 'inspection.finding_updated',
      resource: { type: 'inspection', id: inspectionId },
      data: { agencyId: loaded.value.agencyId, findingId, status: input.status, on: input.on },
    });
  });
  return ok({ findingId }, auditId);
}
