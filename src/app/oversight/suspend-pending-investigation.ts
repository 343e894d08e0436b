/**
 * Suspends an officer named in a complaint pending its investigation. The authority engine
 * decides who may (`officer.suspend_pending_investigation`: the agency's coordinator for its own
 * officers, the program office and ICE supervisors, since ICE may suspend delegated authority at
 * any time); the right to manage the complaint is checked first. The suspension is the officer
 * pipeline's own stage (`suspended`, reason "complaint under investigation"), so the engine
 * refuses every delegated action of the officer until reinstated; the complaint's history
 * records it, and both commit together.
 */
import type { Actor } from '../../domain/actor.ts';
import { checkComplaintStep } from '../../domain/oversight.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import { transactionScope } from '../../store/idempotency.ts';
import * as officers from '../../store/officers.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { describeOfficer, officerStep } from '../officers/officer-step.ts';
import { loadComplaint } from './complaint-step.ts';

/** The officer step: stage `suspended` with the complaint as the reason, and the three notices. */
function suspendForComplaint(deps: Deps, actor: Actor, officerId: string, detail: string) {
  return officerStep(
    deps,
    actor,
    officerId,
    'officer.suspend_pending_investigation',
    'suspend',
    async (officer) =>
      ok(async (tx) => {
        await officers.updateOfficer(tx, officerId, {
          stage: 'suspended',
          suspension_reason: `complaint under investigation: ${detail}`,
        });
        const who = describeOfficer(officer);
        return {
          event: 'officer.suspended' as const,
          data: { reason: 'complaint_under_investigation' },
          notices: [
            {
              recipientRole: 'program_office' as const,
              subject: 'Officer suspended',
              body: `${who} is suspended pending investigation of a complaint.`,
            },
            {
              recipientRole: 'ice_supervisor' as const,
              subject: 'Officer suspended',
              body: `${who} may not act under 287(g) until reinstated.`,
            },
            {
              recipientRole: 'lea_admin' as const,
              subject: 'Officer suspended',
              body: `${who} is suspended pending investigation of a complaint.`,
            },
          ],
        };
      }),
  );
}

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
    const suspended = await suspendForComplaint(
      { ...deps, db: transactionScope(tx) },
      actor,
      input.officerId,
      `complaint ${complaint.reference}; ${input.detail.trim()}`,
    );
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
