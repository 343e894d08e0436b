/** The agency nominates one of its officers for a model, with the eligibility checklist so far. */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { ELIGIBILITY_ITEMS, type EligibilityRecord } from '../../domain/officers.ts';
import { MODELS, type Model } from '../../domain/registry.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as officers from '../../store/officers.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface Nomination {
  agencyId: string;
  displayName: string;
  badge?: string | null;
  userId?: string | null;
  model: Model;
  eligibility: EligibilityRecord[];
}

export async function nominateOfficer(
  deps: Deps,
  actor: Actor,
  input: Nomination,
): Promise<Result<{ officerId: string }>> {
  const denied = await guard(deps, actor, 'officer.nominate', {
    type: 'agency',
    id: input.agencyId,
    agencyId: input.agencyId,
  });
  if (denied) return denied;
  if (!(await registry.findAgency(deps.db, input.agencyId)))
    return fail('not_found', 'No agency has that id.');
  if (!MODELS.includes(input.model))
    return fail('invalid_input', `model must be one of ${MODELS.join(', ')}.`);
  if (!input.displayName.trim())
    return fail('invalid_input', 'Give the officer’s name.', { where: { field: 'displayName' } });
  for (const e of input.eligibility) {
    if (!ELIGIBILITY_ITEMS.includes(e.item))
      return fail('invalid_input', `Unknown eligibility item ${e.item}.`);
    if (!e.evidence.trim()) return fail('invalid_input', `Eligibility item ${e.item} needs its evidence.`);
  }
  const officerId = uuidv7();
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await officers.insertOfficer(
      tx,
      {
        agencyId: input.agencyId,
        officerId,
        userId: input.userId ?? null,
        displayName: input.displayName.trim(),
        badge: input.badge ?? null,
        model: input.model,
        by: actor.id,
      },
      now,
    );
    const record = (await officers.findOfficer(tx, officerId))!;
    for (const e of input.eligibility) await officers.recordEligibility(tx, record, e, actor.id, now);
    await officers.notify(
      tx,
      {
        notificationId: uuidv7(),
        agencyId: input.agencyId,
        recipientRole: 'program_office',
        subject: 'Officer nominated',
        body: `${input.displayName.trim()} was nominated for the ${input.model} model and awaits ICE approval.`,
      },
      now,
    );
    return appendAudit(tx, actor, now, {
      type: 'officer.nominated',
      resource: { type: 'officer', id: officerId },
      data: { agencyId: input.agencyId, model: input.model, eligibilityItems: input.eligibility.length },
    });
  });
  return ok({ officerId }, auditId);
}
