/** Step 2 of every use case: authorize, and when denied, record the denial and say why. */
import { type Action, authorize, type Resource } from '../authority/authorize.ts';
import type { Actor } from '../domain/actor.ts';
import { fail, type Result } from '../domain/result.ts';
import { recordAudit } from '../store/audit.ts';
import type { Deps } from './deps.ts';

export async function guard(
  deps: Deps,
  actor: Actor,
  action: Action,
  resource: Resource | null = null,
): Promise<Result<never> | null> {
  const decision = authorize(actor, action, resource);
  if (decision.allowed) return null;
  const auditId = await recordAudit(deps.db, actor, deps.clock.now(), {
    type: 'authorization.denied',
    resource: resource ? { type: resource.type, id: resource.id } : null,
    data: { action, ruleId: decision.ruleId, citation: decision.citation },
  });
  return fail(
    actor.kind === 'public' ? 'unauthenticated' : 'forbidden',
    decision.reason,
    { ruleId: decision.ruleId, citation: decision.citation },
    auditId,
  );
}
