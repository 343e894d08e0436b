/**
 * Copies new audit rows to the separate audit store (R21), in batches, resuming from the store's
 * high-water mark. When shipping fails and the oldest unshipped row is older than 15 minutes, an
 * audit-pipeline incident is raised (R41). Without a configured store it does nothing.
 */
import type { Actor } from '../../domain/actor.ts';
import { SHIPPING_MAX_LAG_MS } from '../../domain/audit-shipping.ts';
import { ok, type Result } from '../../domain/result.ts';
import { auditRowsAfter, oldestRowAfter } from '../../store/security-operations.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { raiseIncident } from './raise-incident.ts';

const BATCH = 5_000;

export async function shipAudit(
  deps: Deps,
  actor: Actor,
  maxBatches = 20,
): Promise<Result<{ shipped: number; through: number; lagging: boolean }>> {
  const denied = await guard(deps, actor, 'audit.verify');
  if (denied) return denied;
  const shipper = deps.auditShipper;
  if (!shipper) return ok({ shipped: 0, through: 0, lagging: false });
  let shipped = 0;
  let through = 0;
  try {
    through = await shipper.shippedThrough();
    for (let i = 0; i < maxBatches; i++) {
      const rows = await auditRowsAfter(deps.db, through, BATCH);
      if (rows.length === 0) break;
      const last = Number(rows.at(-1)!.seq);
      await shipper.append(
        rows.map((r) => JSON.stringify({ ...r, seq: Number(r.seq) })),
        last,
      );
      shipped += rows.length;
      through = last;
      if (rows.length < BATCH) break;
    }
    return ok({ shipped, through, lagging: false });
  } catch (error) {
    const now = deps.clock.now();
    const oldest = await oldestRowAfter(deps.db, through);
    const lagging = oldest !== null && now.getTime() - oldest.getTime() > SHIPPING_MAX_LAG_MS;
    if (lagging)
      await deps.db
        .transaction()
        .execute((tx) =>
          raiseIncident(
            tx,
            actor,
            now,
            'audit_pipeline_failure',
            `Audit rows after ${through} have not reached ${shipper.location} for more than 15 minutes: ${(error as Error).message}`,
          ),
        );
    return ok({ shipped, through, lagging });
  }
}
