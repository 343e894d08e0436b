/** Records a signed MOA between ICE and an agency as version 1. */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as moas from '../../store/moas.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { type MoaTermsInput, parseTerms } from './moa-terms.ts';

export async function createMoa(
  deps: Deps,
  actor: Actor,
  input: { agencyId: string; title: string; terms: MoaTermsInput },
): Promise<Result<{ moaId: string; version: number }>> {
  const denied = await guard(deps, actor, 'moa.manage', {
    type: 'agency',
    id: input.agencyId,
    agencyId: input.agencyId,
  });
  if (denied) return denied;
  if (!(await registry.findAgency(deps.db, input.agencyId)))
    return fail('not_found', 'No agency has that id.');
  if (!input.title.trim())
    return fail('invalid_input', 'Give the agreement a title.', { where: { field: 'title' } });
  const terms = parseTerms(input.terms);
  if (!terms.ok) return terms;
  const known = new Set((await moas.facilitiesOf(deps.db, input.agencyId)).map((f) => f.code));
  const unknown = terms.value.facilityCodes.filter((c) => !known.has(c));
  if (unknown.length)
    return fail('invalid_input', `Unknown facility ${unknown.join(', ')}; add the facility first.`);
  const moaId = uuidv7();
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await moas.insertMoa(
      tx,
      { agencyId: input.agencyId, moaId, title: input.title.trim(), by: actor.id },
      now,
    );
    await moas.insertVersion(
      tx,
      { agencyId: input.agencyId, moaId, version: 1, status: 'active', endedAt: null, ...terms.value },
      actor.id,
      now,
    );
    return appendAudit(tx, actor, now, {
      type: 'moa.created',
      resource: { type: 'moa', id: moaId },
      data: { agencyId: input.agencyId, version: 1, models: terms.value.models },
    });
  });
  return ok({ moaId, version: 1 }, auditId);
}
