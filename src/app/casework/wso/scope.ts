/**
 * The narrow scope of a Warrant Service Officer (8 U.S.C. §1357(g)(1), (g)(5); WSO agreement
 * "functions not delegated"): a WSO serves ICE's warrants inside the facility and nothing else.
 * Delegated actions outside that scope are refused by the authority engine
 * (`wso.functions-not-delegated`); the work lists and screens of the other models are refused
 * here with the same rule, and the refusal is audited like every other denial.
 */
import type { Actor } from '../../../domain/actor.ts';
import type { Model } from '../../../domain/registry.ts';
import { fail, ok, type Result } from '../../../domain/result.ts';
import { recordAudit } from '../../../store/audit.ts';
import * as casework from '../../../store/casework.ts';
import type { Db, Tx } from '../../../store/db.ts';
import * as officers from '../../../store/officers.ts';
import type { Deps } from '../../deps.ts';

export const WSO_SCOPE_RULE = 'wso.functions-not-delegated';
export const WSO_SCOPE_CITATION = '8 U.S.C. §1357(g)(1), (g)(5)';

/** The model an officer account acts under, or null for anyone who is not a linked officer. */
export async function officerModelOf(q: Db | Tx, actor: Actor): Promise<Model | null> {
  if (actor.kind !== 'user' || actor.role !== 'lea_officer') return null;
  const officerId = await casework.officerByUser(q, actor.id);
  const officer = officerId ? await officers.findOfficer(q, officerId) : null;
  return officer?.model ?? null;
}

/**
 * Refuses a WSO officer `what` (e.g. "the screening list"), recording the denial; null for
 * everyone else.
 */
export async function refuseOutsideWsoScope(
  deps: Deps,
  actor: Actor,
  what: string,
): Promise<Result<never> | null> {
  if ((await officerModelOf(deps.db, actor)) !== 'WSO') return null;
  const auditId = await recordAudit(deps.db, actor, deps.clock.now(), {
    type: 'authorization.denied',
    resource: null,
    data: { action: what, ruleIds: [WSO_SCOPE_RULE], citations: [WSO_SCOPE_CITATION] },
  });
  return fail(
    'forbidden',
    `A Warrant Service Officer serves ICE's warrants in the facility and does not screen, interview, query systems, prepare records or issue detainers: ${what} is not available.`,
    { ruleId: WSO_SCOPE_RULE, citation: WSO_SCOPE_CITATION },
    auditId,
  );
}

/** The signed-in user's model, so the web app offers a WSO officer only the WSO screens. */
export async function myModel(deps: Deps, actor: Actor): Promise<Result<{ model: Model | null }>> {
  if (actor.kind !== 'user') return fail('unauthenticated', 'Sign in to continue.');
  return ok({ model: await officerModelOf(deps.db, actor) });
}
