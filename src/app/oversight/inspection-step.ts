/** Loads an inspection and authorizes `inspection.manage` on it (not found for an id that is no inspection). */
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loadInspection(
  deps: Deps,
  actor: Actor,
  inspectionId: string,
): Promise<Result<oversight.InspectionRecord>> {
  const inspection = UUID.test(inspectionId) ? await oversight.findInspection(deps.db, inspectionId) : null;
  if (!inspection) return fail('not_found', 'No inspection has that id.');
  const denied = await guard(deps, actor, 'inspection.manage', {
    type: 'inspection',
    id: inspectionId,
    agencyId: inspection.agencyId,
  });
  if (denied) return denied;
  return ok(inspection);
}
