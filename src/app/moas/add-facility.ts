/** Adds a facility (jail or correctional facility) of an agency, for listing in its MOAs. */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as moas from '../../store/moas.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function addFacility(
  deps: Deps,
  actor: Actor,
  input: { agencyId: string; code: string; name: string; jurisdiction?: string | null },
): Promise<Result<{ facilityId: string }>> {
  const denied = await guard(deps, actor, 'moa.manage', {
    type: 'agency',
    id: input.agencyId,
    agencyId: input.agencyId,
  });
  if (denied) return denied;
  if (!(await registry.findAgency(deps.db, input.agencyId)))
    return fail('not_found', 'No agency has that id.');
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(input.code)) {
    return fail('invalid_input', 'code must be 1–32 letters, digits, - or _.', { where: { field: 'code' } });
  }
  if ((await moas.facilitiesOf(deps.db, input.agencyId)).some((f) => f.code === input.code)) {
    return fail('conflict', `The agency already has a facility ${input.code}.`);
  }
  const facilityId = uuidv7();
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await moas.insertFacility(
      tx,
      {
        agencyId: input.agencyId,
        facilityId,
        code: input.code,
        name: input.name,
        jurisdiction: input.jurisdiction ?? null,
      },
      now,
    );
    return appendAudit(tx, actor, now, {
      type: 'facility.added',
      resource: { type: 'facility', id: facilityId },
      data: { agencyId: input.agencyId, code: input.code },
    });
  });
  return ok({ facilityId }, auditId);
}
