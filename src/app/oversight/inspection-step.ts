/**
 * Loads an inspection and authorizes an inspection action on it: `inspection.manage` (ICE's
 * steps), `inspection.read` (the record) or `inspection.respond` (a corrective action reported
 * corrected). An id that is no inspection, or another agency's inspection for agency staff, is
 * not found.
 */
import type { Action } from '../../authority/authorize.ts';
import type { Actor } from '../../domain/actor.ts';
import { UUID } from '../../domain/ids.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { hideForeign } from './oversight-scope.ts';

const NOT_FOUND = 'No inspection has that id.';

export async function loadInspection(
  deps: Deps,
  actor: Actor,
  inspectionId: string,
  action: Extract<Action, `inspection.${string}`> = 'inspection.manage',
): Promise<Result<oversight.InspectionRecord>> {
  const inspection = UUID.test(inspectionId) ? await oversight.findInspection(deps.db, inspectionId) : null;
  if (!inspection) return fail('not_found', NOT_FOUND);
  const denied = await guard(deps, actor, action, {
    type: 'inspection',
    id: inspectionId,
    agencyId: inspection.agencyId,
  });
  if (denied) return hideForeign(denied, actor, inspection.agencyId, NOT_FOUND);
  return ok(inspection);
}
