/**
 * The shape every staff step on a complaint shares: load the complaint, authorize
 * `complaint.manage` against its agency (an unassigned complaint is ICE's), check the lifecycle
 * allows the step, then persist the change, its history entry and its audit event in one
 * transaction.
 */
import type { Actor } from '../../domain/actor.ts';
import type { AuditEvent } from '../../domain/audit.ts';
import { UUID } from '../../domain/ids.ts';
import { type ComplaintStep, checkComplaintStep } from '../../domain/oversight.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Tx } from '../../store/db.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface ComplaintEffect {
  event: Extract<AuditEvent['type'], `complaint.${string}`>;
  note: string | null;
  data: Record<string, string | number | boolean | null>;
}

/** Loads the complaint and authorizes the actor on it (not found for an id that is no complaint). */
export async function loadComplaint(
  deps: Deps,
  actor: Actor,
  complaintId: string,
): Promise<Result<oversight.ComplaintRecord>> {
  const complaint = UUID.test(complaintId) ? await oversight.findComplaint(deps.db, complaintId) : null;
  if (!complaint) return fail('not_found', 'No complaint has that id.');
  const denied = await guard(deps, actor, 'complaint.manage', {
    type: 'complaint',
    id: complaintId,
    agencyId: complaint.agencyId ?? '',
  });
  if (denied) return denied;
  return ok(complaint);
}

export async function complaintStep(
  deps: Deps,
  actor: Actor,
  complaintId: string,
  step: ComplaintStep,
  decide: (
    complaint: oversight.ComplaintRecord,
  ) => Promise<Result<(tx: Tx, at: Date) => Promise<ComplaintEffect>>>,
): Promise<Result<{ complaintId: string; reference: string }>> {
  const loaded = await loadComplaint(deps, actor, complaintId);
  if (!loaded.ok) return loaded;
  const complaint = loaded.value;
  const refusal = checkComplaintStep(complaint.status, step);
  if (refusal) return fail('conflict', refusal, { ruleId: `complaint.${step}.status` });
  const decided = await decide(complaint);
  if (!decided.ok) return decided;
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    const effect = await decided.value(tx, now);
    await oversight.appendComplaintEvent(
      tx,
      complaintId,
      { by: actor.id, kind: effect.event.slice('complaint.'.length), note: effect.note },
      now,
    );
    return appendAudit(tx, actor, now, {
      type: effect.event,
      resource: { type: 'complaint', id: complaintId },
      data: { reference: complaint.reference, agencyId: complaint.agencyId, ...effect.data },
    });
  });
  return ok({ complaintId, reference: complaint.reference }, auditId);
}
