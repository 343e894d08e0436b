/**
 * The newest signed checkpoints, for auditors (issue 7, security.md R18): length, head hash and
 * time of each, whether its signature verifies with the pinned public key, whether the chain
 * in the database still has that hash at that length, and a warning when the newest is older
 * than the hourly interval. Checkpoint metadata holds no personal data; the read is not audited.
 */
import type { Actor } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import { auditHead, auditRowHash } from '../../store/audit.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { checkpointFreshness, type Freshness, newestFirst } from './checkpoint-status.ts';

export interface CheckpointView {
  length: number;
  headHash: string;
  at: string;
  /** The Ed25519 signature holds and was made by the pinned key. */
  signatureValid: boolean;
  /** Row `length` of the chain still has `headHash` (length 0: trivially true). */
  chainMatches: boolean;
}

export interface CheckpointList extends Freshness {
  configured: boolean;
  /** Every checkpoint kept, of which `items` are the newest. */
  total: number;
  /** The audit chain's current length, to compare with the newest checkpoint. */
  chainLength: number;
  items: CheckpointView[];
}

export const CHECKPOINTS_DEFAULT = 20;
export const CHECKPOINTS_MAX = 200;

export async function listAuditCheckpoints(
  deps: Deps,
  actor: Actor,
  input: { limit?: number | undefined } = {},
): Promise<Result<CheckpointList>> {
  const denied = await guard(deps, actor, 'audit.verify');
  if (denied) return denied;
  const limit = Math.min(Math.max(1, input.limit ?? CHECKPOINTS_DEFAULT), CHECKPOINTS_MAX);
  const store = deps.checkpoints;
  const all = store ? [...(await store.list())].sort(newestFirst) : [];
  const head = await auditHead(deps.db);
  const items: CheckpointView[] = [];
  for (const c of all.slice(0, limit)) {
    const hash = c.length > 0 && c.length <= head.seq ? await auditRowHash(deps.db, c.length) : null;
    items.push({
      length: c.length,
      headHash: c.headHash,
      at: c.at,
      signatureValid: store!.verify(c),
      chainMatches: c.length === 0 || hash === c.headHash,
    });
  }
  return ok({
    configured: store !== undefined,
    total: all.length,
    chainLength: head.seq,
    items,
    ...checkpointFreshness(all[0]?.at ?? null, deps.clock.now()),
  });
}
