/**
 * The shape every officer step shares: load the officer, authorize against the officer's
 * agency, check the lifecycle allows the step, then persist the change, its audit event and
 * the notifications in one transaction.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Action } from '../../authority/authorize.ts';
import type { Actor } from '../../domain/actor.ts';
import type { OfficerEventType } from '../../domain/audit.ts';
import { checkStep, type OfficerStep } from '../../domain/officers.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Tx } from '../../store/db.ts';
import * as officers from '../../store/officers.ts';
import { requireRecentAuth } from '../accounts/recent-auth.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface Notice {
  recipientRole: 'program_office' | 'ice_supervisor' | 'lea_admin';
  subject: string;
  body: string;
}

export interface StepEffect {
  event: OfficerEventType;
  data: Record<string, string | number | boolean | null>;
  notices: Notice[];
}

export async function officerStep(
  deps: Deps,
  actor: Actor,
  officerId: string,
  action: Action,
  step: OfficerStep | null,
  /** Decide (pure checks on what was loaded) and return the writes to make, or a refusal. */
  decide: (officer: officers.OfficerRecord) => Promise<Result<(tx: Tx) => Promise<StepEffect>>>,
): Promise<Result<{ officerId: string }>> {
  const officer = await officers.findOfficer(deps.db, officerId);
  if (!officer) return fail('not_found', 'No officer has that id.');
  const denied = await guard(deps, actor, action, {
    type: 'officer',
    id: officerId,
    agencyId: officer.agencyId,
  });
  if (denied) return denied;
  const stale = step && requireRecentAuth(deps, actor, `officer.${step}`);
  if (stale) return stale;
  if (step) {
    const refusal = checkStep(officer.stage, step);
    if (refusal)
      return fail('conflict', refusal.message, { ruleId: refusal.ruleId, citation: refusal.citation });
  }
  const decided = await decide(officer);
  if (!decided.ok) return decided;
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    const effect = await decided.value(tx);
    for (const n of effect.notices) {
      await officers.notify(tx, { notificationId: uuidv7(), agencyId: officer.agencyId, ...n }, now);
    }
    return appendAudit(tx, actor, now, {
      type: effect.event,
      resource: { type: 'officer', id: officerId },
      data: { agencyId: officer.agencyId, ...effect.data },
    });
  });
  return ok({ officerId }, auditId);
}

export const describeOfficer = (o: officers.OfficerRecord) =>
  `${o.displayName}${o.badge ? ` (badge ${o.badge})` : ''}, ${o.model}`;
