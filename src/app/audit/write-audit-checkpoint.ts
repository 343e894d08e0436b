/** Signs the audit chain's current length and head hash and writes it outside the database. */
import type { Actor } from '../../domain/actor.ts';
import type { SignedCheckpoint } from '../../domain/audit-checkpoint.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { auditHead } from '../../store/audit.ts';
import { requireRecentAuth } from '../accounts/recent-auth.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function writeAuditCheckpoint(deps: Deps, actor: Actor): Promise<Result<SignedCheckpoint>> {
  const denied = await guard(deps, actor, 'audit.verify');
  if (denied) return denied;
  const stale = requireRecentAuth(deps, actor, 'audit.checkpoint');
  if (stale) return stale;
  if (!deps.checkpoints) return fail('unavailable', 'No checkpoint store is configured.');
  const head = await auditHead(deps.db);
  const signed = deps.checkpoints.sign({
    length: head.seq,
    headHash: head.hash,
    at: deps.clock.now().toISOString(),
  });
  await deps.checkpoints.write(signed);
  return ok(signed);
}
