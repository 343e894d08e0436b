/**
 * Step 2 of every use case: authorize, and when denied, record the denial (with every rule id
 * and citation of the decision) and say why.
 */
import {
  type Action,
  type AuthorityDecision,
  authorize,
  authorizeDelegated,
  type Resource,
} from '../authority/authorize.ts';
import type { AuthorityScenario } from '../authority/scenario.ts';
import type { Actor } from '../domain/actor.ts';
import { fail, type Result } from '../domain/result.ts';
import { recordAudit } from '../store/audit.ts';
import type { Deps } from './deps.ts';

async function refuse(
  deps: Deps,
  actor: Actor,
  action: string,
  resource: Resource | null,
  decision: AuthorityDecision,
): Promise<Result<never>> {
  const ruleId = decision.ruleIds.join(', ');
  const citation = decision.citations.length ? decision.citations.join('; ') : null;
  const auditId = await recordAudit(deps.db, actor, deps.clock.now(), {
    type: 'authorization.denied',
    resource: resource ? { type: resource.type, id: resource.id } : null,
    data: { action, ruleIds: decision.ruleIds, citations: decision.citations },
  });
  return fail(
    actor.kind === 'public' ? 'unauthenticated' : 'forbidden',
    decision.reasons.join(' '),
    { ruleId, citation },
    auditId,
  );
}

/** A system action (registry, accounts, agreements, officer pipeline, audit). */
export async function guard(
  deps: Deps,
  actor: Actor,
  action: Action,
  resource: Resource | null = null,
): Promise<Result<never> | null> {
  const decision = authorize(actor, action, resource);
  return decision.decision === 'allow' ? null : refuse(deps, actor, action, resource, decision);
}

/**
 * A delegated immigration-officer action: the use case builds the authority scenario from what
 * it loaded (the officer's authorization, the MOA version, the place, the subject) at the time
 * of the action. Returns the decision too, so the caller can record the allowing rules.
 */
export async function guardDelegated(
  deps: Deps,
  actor: Actor,
  scenario: AuthorityScenario,
  resource: Resource | null,
): Promise<{ decision: AuthorityDecision; denied: Result<never> | null }> {
  const decision = authorizeDelegated(actor, scenario);
  if (decision.decision === 'allow') return { decision, denied: null };
  return { decision, denied: await refuse(deps, actor, scenario.action, resource, decision) };
}
