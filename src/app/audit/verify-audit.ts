/** Re-computes the audit hash chain. */
import type { Actor } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import { type ChainCheck, verifyAuditChain } from '../../store/audit.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function verifyAudit(deps: Deps, actor: Actor): Promise<Result<ChainCheck>> {
  const denied = await guard(deps, actor, 'audit.verify');
  if (denied) return denied;
  return ok(await verifyAuditChain(deps.db));
}
