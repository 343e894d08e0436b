/**
 * Schedules a compliance inspection of one agreement version and one of its models (every
 * model is inspected, WSO included), with the checklist the inspector will answer.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate } from '../../domain/clock.ts';
import { UUID } from '../../domain/ids.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import { findVersion } from '../../store/moas.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

/** The items every inspection answers unless the inspector lists others. */
export const DEFAULT_CHECKLIST = [
  'Only authorized, certified officers with current refresher training exercised 287(g) functions',
  'Every delegated action was taken at a place the agreement lists (or inside the area of responsibility)',
  'Detainers and warrants were approved or signed by ICE before they were served',
  'Complaints were acknowledged and forwarded to ICE OPR',
  'Records required by the agreement are complete and retained',
] as const;

export async function scheduleInspection(
  deps: Deps,
  actor: Actor,
  input: {
    moaId: string;
    moaVersion: number;
    model: 'JEM' | 'WSO' | 'TFM';
    dueOn: string;
    checklist?: string[] | undefined;
  },
): Promise<Result<{ inspectionId: string }>> {
  const version = UUID.test(input.moaId) ? await findVersion(deps.db, input.moaId, input.moaVersion) : null;
  if (!version) return fail('not_found', 'No agreement has that id and version.');
  const denied = await guard(deps, actor, 'inspection.manage', {
    type: 'moa',
    id: input.moaId,
    agencyId: version.agencyId,
  });
  if (denied) return denied;
  if (!version.models.includes(input.model))
    return fail('invalid_input', `The agreement version does not include the ${input.model} model.`, {
      where: { field: 'model' },
    });
  if (!isIsoDate(input.dueOn))
    return fail('invalid_input', 'The due date must be a calendar date.', { where: { field: 'dueOn' } });
  const items = [
    ...new Set((input.checklist ?? [...DEFAULT_CHECKLIST]).map((s) => s.trim()).filter(Boolean)),
  ];
  if (items.length === 0)
    return fail('invalid_input', 'List at least one checklist item.', { where: { field: 'checklist' } });
  const inspectionId = uuidv7();
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await oversight.insertInspection(
      tx,
      {
        inspectionId,
        agencyId: version.agencyId,
        moaId: input.moaId,
        moaVersion: input.moaVersion,
        model: input.model,
        dueOn: input.dueOn,
        checklist: items.map((item) => ({ item, result: 'pending' as const, note: null })),
        by: actor.id,
      },
      now,
    );
    return appendAudit(tx, actor, now, {
      type: 'inspection.scheduled',
      resource: { type: 'inspection', id: inspectionId },
      data: {
        agencyId: version.agencyId,
        moaId: input.moaId,
        moaVersion: input.moaVersion,
        model: input.model,
        dueOn: input.dueOn,
      },
    });
  });
  return ok({ inspectionId }, auditId);
}
