/**
 * Suspends an officer named in a complaint pending its investigation. The suspension is the
 * officer pipeline's own (`suspendOfficer` with the reason `complaint_under_investigation`), so
 * the authority engine refuses every delegated action of the officer until reinstated. Both the
 * right to manage the complaint and the right to record the officer's eligibility change are
 * checked; the complaint's history records the suspension.
 */
import type { Actor } from '../../domain/actor.ts';
import { checkComplaintStep } from '../../domain/oversight.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import { transactionScope } from '../../store/idempotency.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { suspendOfficer } from '../officers/suspend-officer.ts';
import { loadComplaint } from './complaint-step.ts';

export async function suspendPendingInvestigation(
  deps: Deps,
  actor: Actor,
  complaintId: string,
  input: { officerId: string; detail: string },
): Promise<Result<{ complaintId: string; officerId: string }>> {
  const loaded = await loadComplaint(deps, actor, complaintId);
  if (!loaded.ok) return loaded;
  const complaint = loaded.value;
  const refusal = checkComplaintStep(complaint.status, 'suspend');
  if (refusal) return fail('conflict', refusal, { ruleId: 'complaint.suspend.status' });
  if (!complaint.officerIds.includes(input.officerId))
    return fail('invalid_input', 'Link the officer to the complaint before suspending.', {
      where: { field: 'officerId' },
    });
  if (!input.detail.trim())
    return fail('invalid_input', 'Describe the reason.', { where: { field: 'detail' } });
  const now = deps.clock.now();
  // The suspension and the complaint's record of it commit together or not at all.
  const outcome = await deps.db.transaction().execute(async (tx) => {
    const suspended = await suspendOfficer({ ...deps, db: transactionScope(tx) }, actor, input.officerId, {
      reason: 'complaint_under_investigation',
      detail: `complaint ${complaint.reference}; ${input.detail.trim()}`,
    });
    if (!suspended.ok) return suspended;
    await oversight.appendComplaintEvent(
      tx,
      complaintId,
      { by: actor.id, kind: 'officer_suspended', note: input.officerId },
      now,
    );
    return ok(
      await appendAudit(tx, actor, now, {
        type: 'complaint.suspension_requested',
        resource: { type: 'complaint', id: complaintId },
        data: { reference: complaint.reference, agencyId: complaint.agencyId, officerId: input.officerId },
      }),
    );
  });
  if (!outcome.ok) return outcome;
  const auditId = outcome.value;
  return ok({ complaintId, officerId: input.officerId }, auditId);
}
