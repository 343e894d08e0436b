/**
 * Proves the audit trail: re-computes the hash chain (any altered, missing, reordered, inserted
 * or truncated row is named), then checks that the chain still extends every signed checkpoint
 * kept outside the database, which catches a chain rewritten with recomputed hashes.
 */
import type { Actor } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import { auditRowHash, type ChainCheck, verifyAuditChain } from '../../store/audit.ts';
import { requireRecentAuth } from '../accounts/recent-auth.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface AuditVerification extends ChainCheck {
  checkpoints: number;
  /** The first checkpoint the chain no longer extends, or whose signature fails. */
  badCheckpoint: { length: number; at: string; reason: string } | null;
}

export async function verifyAudit(deps: Deps, actor: Actor): Promise<Result<AuditVerification>> {
  const denied = await guard(deps, actor, 'audit.verify');
  if (denied) return denied;
  const stale = requireRecentAuth(deps, actor, 'audit.verify');
  if (stale) return stale;
  const chain = await verifyAuditChain(deps.db);
  const checkpoints = deps.checkpoints ? await deps.checkpoints.list() : [];
  let badCheckpoint: AuditVerification['badCheckpoint'] = null;
  for (const c of checkpoints) {
    const reason = !deps.checkpoints!.verify(c)
      ? 'its signature does not verify with the pinned key'
      : c.length > chain.head.seq
        ? `it records ${c.length} rows; the chain now has ${chain.head.seq}`
        : c.length > 0 && (await auditRowHash(deps.db, c.length)) !== c.headHash
          ? `row ${c.length} no longer has the hash the checkpoint signed`
          : null;
    if (reason) {
      badCheckpoint = { length: c.length, at: c.at, reason };
      break;
    }
  }
  const ok_ = chain.ok && badCheckpoint === null;
  return ok({ ...chain, ok: ok_, checkpoints: checkpoints.length, badCheckpoint });
}
